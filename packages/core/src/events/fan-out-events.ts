import type { Logger } from "../log/logger.js";
import type { SecurityEventHandler } from "./security-event-hook.js";

/**
 * One hook that hands each event to several channels (the mail notices, the webhook, a host's
 * own), each on its own: one that fails is logged and the others still get the event.
 */
export function fanOutEvents(handlers: readonly (SecurityEventHandler | null | undefined)[], logger: Logger): SecurityEventHandler {
  const live = handlers.filter((h): h is SecurityEventHandler => typeof h === "function");
  return async (event) => {
    const results = await Promise.allSettled(live.map(async (handle) => handle(event)));
    for (const result of results) {
      if (result.status === "rejected") logger.error({ err: result.reason, type: event.type }, "security event channel failed");
    }
  };
}
