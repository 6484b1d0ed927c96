import "server-only";
import { cookies, headers } from "next/headers";

/** Set by the footer's data-saver link; read by server.mjs, which then sends pages without scripts. */
export const DATA_SAVER_COOKIE = "dirisha_lite";

/** Whether this page goes out without scripts (the same rule as server.mjs's). */
export async function dataSaverIsOn(): Promise<boolean> {
  const chosen = (await cookies()).get(DATA_SAVER_COOKIE)?.value;
  if (chosen === "1") return true;
  if (chosen === "0") return false;
  return (await headers()).get("save-data")?.toLowerCase() === "on";
}
