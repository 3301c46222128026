/**
 * The client address for per-IP limits: the right-most X-Forwarded-For entry, which is the one
 * the nearest proxy appended. Behind a reverse proxy or load balancer that appends to the header,
 * that is the real client. Served directly, `next start` fills the header only when the client
 * sent none, so a client can forge it; the per-user, per-phone, per-code, per-account and global
 * limits don't depend on it (README, "Deployment").
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").pop()?.trim();
  if (last && last.length <= 64) return last;
  const real = headers.get("x-real-ip")?.trim();
  return real && real.length <= 64 ? real : null;
}
