/** Security events; the names are a closed set so pages can describe each one. */
export type AuditEventType =
  /** An account created through its emailed sign-up link (accounts.confirmSignUp). */
  | "account.created"
  | "sign_in.password_ok"
  | "sign_in.succeeded"
  | "sign_in.failed"
  /** A full sign-in from a browser that never completed one to this account (detail: device). */
  | "sign_in.new_device"
  | "code.sent"
  | "code.send_failed"
  | "code.verified"
  | "code.failed"
  | "account.locked"
  | "phone.changed"
  | "two_factor.enabled"
  | "two_factor.disabled"
  | "backup_codes.generated"
  | "backup_code.used"
  | "password.changed"
  /** A password set through an emailed reset link (not a change made with the current one). */
  | "password.reset"
  | "authenticator.added"
  | "authenticator.renamed"
  | "authenticator.removed"
  /** "Trust this browser" after a second factor passed (detail: device). */
  | "trusted_device.added"
  | "trusted_device.removed"
  /** Every trusted browser of the user removed: "Remove all", or any change of 2FA (detail: count). */
  | "trusted_devices.revoked"
  | "two_factor.reset"
  | "account.unlocked"
  | "sms.country_paused"
  | "sms.country_resumed";

export type AuditEvent = {
  userId: string | null;
  type: AuditEventType;
  ip?: string | null;
  /** Never codes or full phone numbers: masked values only. */
  detail?: Record<string, unknown>;
};

export type StoredAuditEvent = AuditEvent & { id: string; createdAt: Date };

/** One page of a user's events, newest first (AuditLog.pageForUser). */
export type AuditPageRequest = {
  /** Events on the page; a store caps it (the SQL log at 200). */
  limit: number;
  /**
   * The `next` of the page before: the events after it (older). A cursor, not an offset, so an
   * event recorded while a person pages neither repeats nor pushes one out of sight.
   */
  after?: string;
  /** Only these types (e.g. the changes a person must never miss); all types when absent. */
  types?: readonly string[];
};

export type AuditPage = {
  events: StoredAuditEvent[];
  /** Where the next (older) page starts, or null when this page holds the oldest event. */
  next: string | null;
};

export interface AuditLog {
  /**
   * Where the events land, as an identity a store can name too: a store whose one-step check
   * writes to the same place records a guess's event in the same atomic step (OneStepCheck).
   */
  readonly sink?: object;
  record(event: AuditEvent): Promise<void>;
  recentForUser(userId: string, limit?: number): Promise<StoredAuditEvent[]>;
  /** A user's events a page at a time, newest first, optionally only some types. */
  pageForUser(userId: string, request: AuditPageRequest): Promise<AuditPage>;
}

