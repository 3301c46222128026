import type { SessionView } from "@twostep/core";
import { TimeAgo } from "@/components/time/time-ago";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { endOtherSessionsAction, endSessionAction } from "@/server/actions/sessions";

const FACTOR_NAMES: Record<string, string> = {
  sms: "text message code",
  backup_code: "backup code",
  totp: "authenticator app",
  password: "password only",
  trusted_device: "a trusted browser",
};

/**
 * Where this account is signed in. A row's form carries its session id: useless without the
 * cookie it sits in (sealed under AUTH_SECRET), and the action ends only the viewer's own.
 */
export function SessionsSection({ sessions }: { sessions: SessionView[] }) {
  const others = sessions.filter((s) => !s.current).length;
  return (
    <Card id="sessions" title="Where you're signed in" description="Sign out any browser you don't recognise. Changing your password or two-factor settings signs out every other browser.">
      <ul className="-my-3 divide-y divide-slate-100" data-testid="sessions">
        {sessions.map((session, index) => (
          <li key={session.id} className="flex items-center gap-3 py-3" data-current={session.current ? "true" : undefined}>
            <div className="min-w-0 flex-1">
              <p className="text-sm font-medium text-slate-900">
                {session.device ?? "Unknown browser"}
                {session.current && <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700">This browser</span>}
              </p>
              <p id={`session-${index}-details`} className="text-xs text-slate-500">
                Signed in <TimeAgo date={new Date(session.createdAtMs)} />
                {session.factor && <> with {FACTOR_NAMES[session.factor] ?? session.factor}</>}
                {session.ip && <> · from {session.ip}</>}
                {" · "}last active <TimeAgo date={new Date(session.lastSeenAtMs)} />
              </p>
            </div>
            {!session.current && (
              <form action={endSessionAction}>
                <input type="hidden" name="sessionId" value={session.id} />
                <SubmitButton variant="secondary" pendingLabel="Signing out…" accessibleName={`Sign out ${session.device ?? "unknown browser"}`} describedBy={`session-${index}-details`}>
                  Sign out
                </SubmitButton>
              </form>
            )}
          </li>
        ))}
      </ul>
      {others > 0 && (
        <form action={endOtherSessionsAction}>
          <SubmitButton variant="danger" pendingLabel="Signing out…">
            Sign out everywhere else
          </SubmitButton>
        </form>
      )}
    </Card>
  );
}
