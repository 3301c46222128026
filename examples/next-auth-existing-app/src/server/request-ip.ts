import { headers } from "next/headers";

/**
 * The client's address for twostep's per-IP limits. Trusts X-Forwarded-For's first entry, which
 * is right only behind a proxy that sets it; with no proxy, use null or the socket address.
 */
export async function requestIp(): Promise<string | null> {
  const forwarded = (await headers()).get("x-forwarded-for");
  return forwarded?.split(",")[0]?.trim() || null;
}
