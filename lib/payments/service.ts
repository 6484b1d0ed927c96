import "server-only";
import { databaseHandle } from "@/db";
import { withDb } from "@/db/with-db";
import { jobQueue } from "@/lib/jobs/queue";
import type { Actor } from "@/lib/security/permissions";
import * as bills from "./bills";
import * as operations from "./operations";

/** Payments for pages and route handlers: the functions of bills.ts and operations.ts on the process's database and job queue. */

export const billOfCitizenByGepgId = withDb(bills.billOfCitizenByGepgId);
export const ownsBill = withDb(bills.ownsBill);
export const billOfCitizen = withDb(bills.billOfCitizen);
export const billsOfCitizen = withDb(bills.billsOfCitizen);
export const paymentsOfBill = withDb(bills.paymentsOfBill);
export const paidBillsForFees = withDb(bills.paidBillsForFees);

export async function paymentOperations(actor: Actor) {
  const handle = await databaseHandle();
  return operations.paymentOperations(handle.db, await jobQueue(handle), actor);
}
export const billByControlNumber = withDb(bills.billByControlNumber);
