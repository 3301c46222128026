/**
 * "Sign in again" (a form whose session ended) hands the session's email to the sign-in page in
 * this tab's sessionStorage, read once, rather than in the link: a query string lands in server and
 * proxy access logs, the browser's history and Referer headers, and an email address is personal data.
 */
const KEY = "twostep:sign-in-again:email";

export function keepEmailForSignIn(email: string): void {
  try {
    sessionStorage.setItem(KEY, email);
  } catch {
    // Storage turned off: the person types the email again.
  }
}

/** The kept email, once: it is removed as it is read. */
export function takeKeptEmail(): string | null {
  try {
    const email = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    return email;
  } catch {
    return null;
  }
}
