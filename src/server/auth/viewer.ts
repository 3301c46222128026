import { redirect } from "next/navigation";
import { auth } from "./auth";

/**
 * Who is asking. This is the one server-side check that decides "fully signed in": every
 * protected page, server action, route handler and the GraphQL API goes through it. The proxy
 * redirects early, but it is never the only guard.
 */
export type Viewer =
  | { kind: "anonymous" }
  | { kind: "pending"; userId: string; email: string }
  | { kind: "full"; userId: string; email: string };

export async function getViewer(): Promise<Viewer> {
  const session = await auth();
  const stage = (session as { stage?: unknown } | null)?.stage;
  const userId = session?.user?.id;
  const email = session?.user?.email;
  if (!session || !userId || !email) return { kind: "anonymous" };
  if (stage === "full") return { kind: "full", userId, email };
  if (stage === "pending") return { kind: "pending", userId, email };
  return { kind: "anonymous" };
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
