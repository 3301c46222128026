import Link from "next/link";
import { session } from "../../../auth";
import { errorMessage } from "../../../server/error-param";
import { verifyBackupCodeAction } from "../actions";

export const dynamic = "force-dynamic";

export default async function BackupCodePage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  await session.requirePendingViewer();
  const error = errorMessage((await searchParams).error);
  return (
    <main>
      <h1>Use a backup code</h1>
      {error ? <p role="alert">{error}</p> : null}
      <form action={verifyBackupCodeAction}>
        <label>
          Backup code <input name="code" autoComplete="off" required />
        </label>{" "}
        <button type="submit">Verify</button>
      </form>
      <p>
        <Link href="/verify">Back to the SMS code</Link>
      </p>
    </main>
  );
}
