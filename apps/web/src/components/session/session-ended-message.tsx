"use client";

import Link from "next/link";
import { buttonClass } from "../ui/button-styles";
import { keepEmailForSignIn } from "./kept-sign-in-email";
import { useSessionEmail } from "./session-email";

/** Where "Sign in again" goes: the sign-in page, which fills in the email kept for it (never in the URL). */
export const SIGN_IN_AGAIN_HREF = "/sign-in?timed-out=1";

/** A form's answer when its session is gone: what happened, and the one way on. */
export function SessionEndedMessage({ id, message, answerId }: { id: string; message: string; answerId: string }) {
  const email = useSessionEmail();
  return (
    <div
      id={id}
      tabIndex={-1}
      data-code="SESSION_ENDED"
      data-answer={answerId}
      className="flex flex-col gap-3 rounded-lg bg-amber-50 px-3 py-3 text-sm text-amber-950 ring-1 ring-amber-200 focus:outline-none"
    >
      <p>{message}</p>
      <div>
        <Link href={SIGN_IN_AGAIN_HREF} onClick={() => email && keepEmailForSignIn(email)} className={buttonClass("primary")}>
          Sign in again
        </Link>
      </div>
    </div>
  );
}
