/** @twostep/core/plivo: SMS through Plivo's official SDK, and its signed delivery reports. */
export { createPlivoSender, type PlivoSenderOptions } from "./plivo-sender.js";
export {
  CALLBACK_NONCE_MEMORY_SECONDS,
  MAX_CALLBACK_BODY_BYTES,
  createStatusCallbackHandler,
  type StatusCallbackHandler,
  type StatusCallbackOutcome,
  type StatusCallbackRequest,
} from "./status-callback.js";
export { signPlivoV2, verifyPlivoV2 } from "./plivo-signature.js";
