import { AUTH_PROVIDER, SESSION_COOKIE, readCookie } from "./cookies.js";
import type { Session, Sessions } from "./sessions.js";

/** What `context.currentUser` (and `{ redwood { currentUser } }` or `{ cedar { currentUser } }`) may show: no token, no stage. */
export type CurrentUser = { id: string; email: string };

/** The part of a Lambda-style event this app reads. */
export type LambdaEvent = { headers?: Record<string, string | undefined> };

/** What the decoder hands getCurrentUser: the session's user and stage, never its token. */
export type DecodedSession = { userId: string; email: string; stage: Session["stage"] };

/**
 * The decoder signature Redwood and Cedar share, narrowed to what this app reads: either
 * framework's `Decoder` accepts it (its `req` carries at least `event`), so neither is imported here.
 */
export type SessionDecoder = (token: string, type: string, req: { event: LambdaEvent | Request }) => Promise<DecodedSession | null>;

/**
 * The frameworks' auth hooks over this app's sessions. Each request's session is read once and
 * shared by the decoder and the twostep context (./graphql.ts), keyed by the request's event object.
 */
export function createAuth(sessions: Sessions) {
  const byEvent = new WeakMap<object, Promise<Session | null>>();

  function sessionOf(event: LambdaEvent): Promise<Session | null> {
    let session = byEvent.get(event);
    if (!session) {
      const token = readCookie(event.headers?.cookie, SESSION_COOKIE);
      session = token ? sessions.read(token) : Promise.resolve(null);
      byEvent.set(event, session);
    }
    return session;
  }

  /** Called only when the auth-provider cookie names a provider; `token` is then the raw Cookie header. */
  const authDecoder: SessionDecoder = async (_token, type, req) => {
    if (type !== AUTH_PROVIDER || req.event instanceof Request) return null;
    const session = await sessionOf(req.event);
    return session ? { userId: session.userId, email: session.email, stage: session.stage } : null;
  };

  /**
   * A user only for a full session: `@requireAuth` then means "signed in with every factor", so a
   * password-only session reaches none of the app's protected fields. twostep's own fields
   * check the stage themselves (the viewer in ./graphql.ts). Called with null when no decoder matched.
   */
  async function getCurrentUser(decoded: Record<string, unknown> | null): Promise<CurrentUser | null> {
    if (!decoded || decoded.stage !== "full") return null;
    return { id: String(decoded.userId), email: String(decoded.email) };
  }

  return { authDecoder, getCurrentUser, sessionOf };
}

export type Auth = ReturnType<typeof createAuth>;
