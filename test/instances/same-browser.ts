import type { HttpSession } from "../support/http-session";

/**
 * The same browser sending its requests to another app instance, as a load balancer would route
 * them: one cookie jar and one client address, a different origin. The view inherits everything
 * from `browser` (so a Set-Cookie answered by either instance lands in the one jar) and overrides
 * only `baseUrl`. Browsers keep cookies per host, not per port, so two instances on 127.0.0.1
 * share them in a real browser too.
 */
export function sameBrowserOn<T extends HttpSession>(browser: T, instanceUrl: string): T {
  return Object.create(browser, { baseUrl: { value: instanceUrl } }) as T;
}
