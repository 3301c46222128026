import { SessionEmailProvider } from "@/components/session/session-email";
import { requirePendingViewer } from "@/server/auth/viewer";

/** The code pages' forms keep the email, so a sign-in that times out under them can start again with it. */
export default async function VerifyLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requirePendingViewer();
  return <SessionEmailProvider email={viewer.email}>{children}</SessionEmailProvider>;
}
