import { getTwoStep } from "../twostep";
import { issueFullSession } from "./issue-full-session";
import type { Viewer } from "./viewer";

type Pending = Extract<Viewer, { kind: "pending" }>;

/**
 * The second step of sign-in, shared by the code page and GraphQL: the core checks the code and,
 * only if it passed, the session is upgraded with a fresh token.
 */
export async function completeSignInWithCode(viewer: Pending, code: unknown, ip: string | null) {
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.completeSignIn({ userId: viewer.userId, code, ip });
  if (result.ok) await issueFullSession({ sub: viewer.userId, email: viewer.email });
  return result;
}

export async function completeSignInWithBackupCode(viewer: Pending, code: unknown, ip: string | null) {
  const twostep = await getTwoStep();
  const result = await twostep.twoFactor.completeSignInWithBackupCode({ userId: viewer.userId, code, ip });
  if (result.ok) await issueFullSession({ sub: viewer.userId, email: viewer.email });
  return result;
}
