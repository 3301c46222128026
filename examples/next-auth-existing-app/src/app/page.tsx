import Link from "next/link";

export default function HomePage() {
  return (
    <main>
      <h1>An existing Auth.js app, now with SMS 2FA</h1>
      <ul>
        <li>
          <Link href="/sign-in">Sign in</Link>
        </li>
        <li>
          <Link href="/protected">Protected page</Link>
        </li>
        <li>
          <Link href="/settings">Settings: phone and 2FA</Link>
        </li>
        <li>
          <Link href="/dev/outbox">Dev outbox</Link>
        </li>
      </ul>
    </main>
  );
}
