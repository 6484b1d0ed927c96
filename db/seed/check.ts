// `npm run catalogue:check`: checks the catalogue data files and prints what is wrong.
import path from "node:path";
import { CatalogueDataError, coverageProblems, readCatalogueData } from "./data-files";

try {
  const data = readCatalogueData(path.resolve(process.argv[2] ?? "db/seed/data"));
  const uncovered = coverageProblems(data);
  if (uncovered.length > 0) throw new CatalogueDataError(uncovered);
  const needsReview = data.services.filter((s) => s.needsReview).length;
  const withFees = data.services.filter((s) => s.fees.length > 0).length;
  console.log(
    `Catalogue data is valid: ${data.institutions.length} institutions, ${data.categories.length} categories, ` +
      `${data.lifeEvents.length} life and business events, ${data.services.length} services ` +
      `(${withFees} with fees, ${needsReview} marked for review).`,
  );
} catch (error) {
  if (error instanceof CatalogueDataError) {
    console.error(error.problems.join("\n"));
    console.error(`\n${error.problems.length} problem(s).`);
    process.exit(1);
  }
  throw error;
}
