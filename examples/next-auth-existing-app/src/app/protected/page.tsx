import Link from "next/link";
import { session } from "../../auth";
import { signOutAction } from "../sign-out-action";

export const dynamic = "force-dynamic";

/** Only a full session gets here: a pending one is sent to /verify, no session to /sign-in. */
export default async function ProtectedPage() {
  const viewer = await session.requireFullViewer();
  return (
    <main>
      <h1>Protected</h1>
      <p>Signed in as {viewer.email}.</p>
      <p>
        <Link href="/settings">Settings</Link>
      </p>
      <form action={signOutAction}>
        <button type="submit">Sign out</button>
      </form>
    </main>
  );
}
