import { AuthError } from "next-auth";
import { signIn } from "../auth/auth";
import type { Failure } from "@twostep/core";
import { completeSignInWithTrustedBrowser } from "../auth/trusted-browser";
import { requestIp } from "./request-ip";

type SignInFailure = Failure<"INVALID_CREDENTIALS" | "UNAVAILABLE"> | Failure<"RATE_LIMITED", { retryAfterSeconds?: number }>;

/**
 * The password step through Auth.js, so its cookie and callbacks stay the only way a session is
 * made. Auth.js throws on failure; the error's `code` is set by src/server/auth/auth.ts only for
 * limits and outages, and every other failure reads as one generic INVALID_CREDENTIALS.
 */
export async function passwordSignIn(email: string, password: string): Promise<{ ok: true } | SignInFailure> {
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const code = (error as AuthError & { code?: unknown }).code;
    if (code === "rate_limited") {
      // Thrown by src/server/auth/auth.ts with the limiter's wait; the form turns it into "in 4 minutes".
      const wait = (error as AuthError & { retryAfterSeconds?: unknown }).retryAfterSeconds;
      return { ok: false, code: "RATE_LIMITED", ...(typeof wait === "number" && wait > 0 ? { retryAfterSeconds: wait } : {}) };
    }
    if (code === "unavailable") return { ok: false, code: "UNAVAILABLE" };
    return { ok: false, code: "INVALID_CREDENTIALS" };
  }
  // The password passed; a browser this user trusted stands in for the second step (issue 11, item 4).
  await completeSignInWithTrustedBrowser(await requestIp());
  return { ok: true };
}
