/**
 * Session lifetimes. A full session ends this long after sign-in however busy it is (OWASP Session
 * Management Cheat Sheet: an absolute timeout bounds what a stolen cookie is worth).
 */
export const SESSION_ABSOLUTE_SECONDS_DEFAULT = 7 * 24 * 60 * 60;
/** Unused this long, a session ends (OWASP: low-risk apps 15-30 min to days; a week of silence is plenty). */
export const SESSION_IDLE_SECONDS_DEFAULT = 24 * 60 * 60;
/**
 * "Last seen" is written at most this often per session: a request costs one read, and the idle
 * timeout is honoured to within this much.
 */
export const SESSION_TOUCH_INTERVAL_SECONDS = 5 * 60;
