import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getTwoStep } from "../twostep";
import { readSessionCookie, sessionCookieName } from "./session-cookie";

/**
 * Who is asking. This is the one server-side check that decides "fully signed in": every
 * protected page, server action, route handler and the GraphQL API goes through it. The proxy
 * redirects early, but it is never the only guard.
 */
export type Viewer =
  | { kind: "anonymous" }
  | { kind: "pending"; userId: string; email: string }
  /** `signedInAtMs`: when this session passed its second factor (or its password, without 2FA). */
  | { kind: "full"; userId: string; email: string; signedInAtMs: number };

export async function getViewer(): Promise<Viewer> {
  // Decrypting the session cookie is all a check needs; Auth.js's auth() would also re-encrypt
  // and re-issue it on every request.
  const claims = await readSessionCookie((await cookies()).get(sessionCookieName())?.value);
  if (!claims) return { kind: "anonymous" };
  // A token outlives its account if the account is deleted: such a session is no session.
  const user = await (await getTwoStep()).accounts.byId(claims.sub);
  if (!user) return { kind: "anonymous" };
  if (claims.stage === "pending") return { kind: "pending", userId: claims.sub, email: claims.email };
  return { kind: "full", userId: claims.sub, email: claims.email, signedInAtMs: claims.stageSince };
}

/** For pages and server actions: the fully signed-in user, or a redirect to where they must go. */
export async function requireFullViewer(): Promise<Extract<Viewer, { kind: "full" }>> {
  const viewer = await getViewer();
  if (viewer.kind === "anonymous") redirect("/sign-in");
  if (viewer.kind === "pending") redirect("/verify");
  return viewer;
}

/** For the code page and its actions: a password-only session that still owes a second factor. */
export async function requirePendingViewer(): Promise<Extract<Viewer, { kind: "pending" }>> {
  const viewer = await getViewer();
  if (viewer.kind === "anonymous") redirect("/sign-in");
  if (viewer.kind === "full") redirect("/dashboard");
  return viewer;
}
