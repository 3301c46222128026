import { headers } from "next/headers";
import { clientIp } from "../client-ip";

/** The caller's address for the core's per-IP limits, read the same way route handlers read it. */
export async function requestIp(): Promise<string | null> {
  return clientIp(await headers());
}
