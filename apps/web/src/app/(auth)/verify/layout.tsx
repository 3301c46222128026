import { SessionEmailProvider } from "@/components/session/session-email";
import { pendingViewerOrJustUpgraded } from "./action-answer";

/**
 * The code pages' forms keep the email, so a sign-in that times out under them can start again with it.
 * A full session passes only in the answer to the action that made it full (required enrollment's
 * "Turn on", whose backup codes must stay on screen); each page checks its own viewer too.
 */
export default async function VerifyLayout({ children }: { children: React.ReactNode }) {
  const viewer = await pendingViewerOrJustUpgraded();
  return <SessionEmailProvider email={viewer.email}>{children}</SessionEmailProvider>;
}
