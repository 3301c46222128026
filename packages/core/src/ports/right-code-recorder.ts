import type { CheckEvent } from "./challenge-store.js";

/** What a right code still has to write when its check ran where these rows are not (Redis). */
export type RightCodeRecord = {
  userId: string;
  ip: string | null;
  /** When the code was checked (the core's clock): the time "before the check" is judged by, and the count's minute. */
  nowMs: number;
  /**
   * True when the check itself may already have put its own events in the audit log (the Redis
   * check's stream, whose rows the mover lands at any time, with the Redis server's time): then two
   * events of an `onlyAfter` type, or one older than `nowMs`, mean an earlier one. False: the log
   * holds none of the check's events, and any event of the type is an earlier one.
   */
  checkLogged: boolean;
  /**
   * The events to record, in order; one with `onlyAfter` only when the account had such an event
   * before the check, judged before any of them is written. A `notice` is queued with its event.
   */
  events: readonly CheckEvent[];
  /** The calling code whose conversion the SMS-pumping guard counts this code toward; null: none. */
  conversionCallingCode: string | null;
};

/**
 * Writes a right code's events, their notices and the pumping guard's count as one atomic step (one
 * statement on SQL), for a state store whose check can't write them itself. Like OneStepCheck, it
 * names where it writes by identity, and the core uses it only for the logs it was given: the audit
 * log (`auditSink`), the pumping guard's counters (`countrySink`), the notices' outbox (`noticeSink`).
 */
export type RightCodeRecorder = {
  readonly auditSink: object;
  readonly countrySink?: object;
  readonly noticeSink?: object;
  /** `recorded`: the events that were written (those whose `onlyAfter` held). */
  record(input: RightCodeRecord): Promise<{ recorded: readonly CheckEvent[] }>;
};
