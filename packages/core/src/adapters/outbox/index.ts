/** @twostep/core/outbox: development delivery; every SMS lands in the SMS log, never on a phone. */
export { createOutboxSender } from "./outbox-sender.js";
export { OUTBOX_TOKEN_COOKIE, OUTBOX_TOKEN_HEADER, outboxTokenMatches } from "./outbox-token.js";
