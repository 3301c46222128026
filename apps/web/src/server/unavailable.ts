import { withinStoreDeadline } from "@twostep/core";
import { SERVICE_UNAVAILABLE_DIGEST } from "@/app/service-unavailable-digest";

/**
 * A store the request needs gave no answer (down, or silent past the core's store deadline). The
 * digest survives Next's production error scrubbing, so error.tsx can tell an outage ("try again
 * in a moment") from a bug; route handlers answer it with JSON 503 (api/me).
 */
export class ServiceUnavailableError extends Error {
  readonly digest = SERVICE_UNAVAILABLE_DIGEST;
  constructor() {
    // No cause attached: the driver's error can carry statement parameters; the core has logged it.
    super("a store needed for this request did not answer");
    this.name = "ServiceUnavailableError";
  }
}

/** A store call on a page or route path: its answer, or ServiceUnavailableError at the deadline or on failure. */
export async function fromStore<T>(work: Promise<T>): Promise<T> {
  try {
    return await withinStoreDeadline(work);
  } catch {
    throw new ServiceUnavailableError();
  }
}

export const UNAVAILABLE_RESPONSE_INIT = { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": "5" } };
