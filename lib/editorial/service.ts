import "server-only";
import { withDb } from "@/db/with-db";
import * as bulk from "./bulk";
import * as facts from "./facts";
import * as listings from "./listings";
import * as mostUsed from "./most-used";
import * as problemReports from "./problem-reports";
import * as taxonomy from "./taxonomy";

/** The editorial workflow for pages and route handlers: the functions of this folder on the process's database. */

export const actorInstitutions = withDb(listings.actorInstitutions);
export const institutionListings = withDb(listings.institutionListings);
export const listingWithHistory = withDb(listings.listingWithHistory);
export const findVersion = withDb(listings.findVersion);
export const previousVersion = withDb(listings.previousVersion);
export const publicationProblems = withDb(listings.publicationProblems);
export const liveMaintenanceNotice = withDb(listings.liveMaintenanceNotice);
export const exportListings = withDb(bulk.exportListings);
export const newProblemReportCount = withDb(problemReports.newProblemReportCount);
export const problemReportQueue = withDb(problemReports.problemReportQueue);
export const listTopics = withDb(taxonomy.listTopics);
export const listLifeEventServices = withDb(taxonomy.listLifeEventServices);
export const listOverrides = withDb(mostUsed.listOverrides);
export const listingFactsForReview = withDb(facts.listingFactsForReview);
export const reviewOrder = withDb(facts.reviewOrder);
