import Link from "next/link";
import { errorMessage } from "../../server/error-param";
import { DEMO_PASSWORD, DEMO_USERS } from "../../server/demo-users";
import { signInAction } from "./actions";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const error = errorMessage((await searchParams).error);
  return (
    <main>
      <h1>Sign in</h1>
      {error ? <p role="alert">{error}</p> : null}
      <form action={signInAction}>
        <p>
          <label>
            Email <input name="email" type="email" autoComplete="username" required />
          </label>
        </p>
        <p>
          <label>
            Password <input name="password" type="password" autoComplete="current-password" required />
          </label>
        </p>
        <button type="submit">Sign in</button>
      </form>
      <p>
        Demo accounts, password <code>{DEMO_PASSWORD}</code>: <code>{DEMO_USERS.withTwoFactor.email}</code> (2FA on) and{" "}
        <code>{DEMO_USERS.withoutTwoFactor.email}</code> (turn it on in settings). Codes arrive in the{" "}
        <Link href="/dev/outbox">dev outbox</Link>.
      </p>
    </main>
  );
}
