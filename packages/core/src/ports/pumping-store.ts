/**
 * Where the SMS-pumping guard keeps what every app instance must see: per-minute counters of codes
 * sent and verified per country calling code, and the pauses in force. Times are the core's clock
 * (epoch ms), never the store's, so tests can move past a pause.
 */

/** Codes sent to and verified from one calling code since `sinceMs` (the start of what is judged). */
export type WindowCounts = { callingCode: string; sent: number; verified: number; sinceMs: number };

export type CountryPause = {
  callingCode: string;
  pausedUntil: Date;
  reason: string;
  sent: number;
  verified: number;
  createdAt: Date;
  liftedAt: Date | null;
};

export interface CountryStats {
  /** Counts one send and returns the window's sums, in one round trip. */
  recordSend(callingCode: string, nowMs: number): Promise<WindowCounts>;
  recordVerification(callingCode: string, nowMs: number): Promise<void>;
  /** Every calling code with traffic in the window. */
  readAll(nowMs: number): Promise<WindowCounts[]>;
}

export interface CountryPauses {
  /** The pause in force for this calling code, if any: the one read on every send. */
  active(callingCode: string, nowMs: number): Promise<CountryPause | null>;
  /** Starts a pause unless one is in force; true only for the caller that started it. */
  begin(pause: Omit<CountryPause, "liftedAt">, nowMs: number): Promise<boolean>;
  /** Ends the pause in force now; returns it as it was, or null when there was none. */
  lift(callingCode: string, nowMs: number): Promise<CountryPause | null>;
  /** Every pause in force, soonest to end first. */
  listActive(nowMs: number): Promise<CountryPause[]>;
}

export type PumpingStore = {
  /**
   * Which counters `stats` writes, by identity: a store's one-step check with the same
   * `countrySink` counts a right code's country in its own statement.
   */
  countrySink?: object;
  /** `windowMinutes`: how far back a country's conversion is judged. */
  stats(settings: { windowMinutes: number }): CountryStats;
  pauses: CountryPauses;
};
