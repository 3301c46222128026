import Link from "next/link";
import { session } from "../../auth";
import { errorMessage } from "../../server/error-param";
import { resendCodeAction, verifyCodeAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  await session.requirePendingViewer();
  const params = await searchParams;
  const error = errorMessage(params.error);
  return (
    <main>
      <h1>Enter the code we texted you</h1>
      {error ? <p role="alert">{error}</p> : null}
      {params.sent ? <p role="status">A new code is on its way.</p> : null}
      <form action={verifyCodeAction}>
        <label>
          Code <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]*" maxLength={6} required />
        </label>{" "}
        <button type="submit">Verify</button>
      </form>
      <form action={resendCodeAction}>
        <button type="submit">Send a new code</button>
      </form>
      <p>
        <Link href="/verify/backup">Use a backup code</Link> · <Link href="/dev/outbox">Dev outbox</Link>
      </p>
    </main>
  );
}
