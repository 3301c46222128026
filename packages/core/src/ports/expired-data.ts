/** Rows deleted by one sweep, per kind of record. */
export type ExpiredDataCounts = {
  /** Sign-ups whose link ran out: an address and a password hash nobody confirmed. */
  signUpRequests: number;
  /** Password-reset links used or run out. */
  passwordResets: number;
  /** Sessions past their absolute end (the IP and browser they were opened from). */
  sessions: number;
  /** Trusted browsers past their end (the IP and browser they were last used from). */
  trustedDevices: number;
  /** Codes past their end and the hour after it that a late check still hears "expired" in (the number they went to). */
  challenges: number;
  /** SMS log rows older than its retention (the number each went to). */
  smsMessages: number;
  /** Mail in the dev mail outbox older than its retention (links, notices). */
  devMail: number;
};

/**
 * Records kept only until they expire. Each is already dead for every read (a read compares its
 * end with the clock); the sweep removes what a read never touches again, so personal data of an
 * abandoned sign-up, an old session or a forgotten trust does not stay forever.
 */
export type ExpiredData = {
  /**
   * Deletes at most `batch` expired rows of each kind, ended at or before `nowMs`; several
   * instances may sweep at once (each row is deleted once, the rest find nothing).
   */
  sweep(nowMs: number, batch: number): Promise<ExpiredDataCounts>;
};
