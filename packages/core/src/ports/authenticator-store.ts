/**
 * A user's authenticator apps (TOTP factors). Secrets arrive and leave sealed (core/totp/
 * secret-box.ts): a store never holds a readable secret. `@twostep/core/sql` implements it over
 * twostep's `authenticators` table; a host may keep them in its own tables instead.
 */
export type StoredAuthenticator = {
  id: string;
  userId: string;
  name: string;
  secretCiphertext: string;
  createdAt: Date;
  /** Null while the enrollment waits for its first code: not a factor yet. */
  confirmedAt: Date | null;
  lastUsedAt: Date | null;
};

export interface AuthenticatorStore {
  /** Every authenticator of the user, pending ones included, oldest first. */
  list(userId: string): Promise<StoredAuthenticator[]>;
  add(factor: Omit<StoredAuthenticator, "confirmedAt" | "lastUsedAt">): Promise<void>;
  /** Turns a pending enrollment into a factor; false when there was no such pending row. */
  confirm(userId: string, id: string, at: Date): Promise<boolean>;
  rename(userId: string, id: string, name: string): Promise<boolean>;
  markUsed(userId: string, id: string, at: Date): Promise<void>;
  /** False when the user has no such authenticator. */
  remove(userId: string, id: string): Promise<boolean>;
  /**
   * Removes a confirmed authenticator only while another confirmed one of the user remains, as one
   * atomic step: two removals at once must not each see the other app and leave none. "last" leaves
   * it in place (removing it is the last-factor rule's to decide). A store without it gets a check
   * made of separate reads, which two removals at once can both pass.
   */
  removeUnlessLast?(userId: string, id: string): Promise<"removed" | "last" | "not_found">;
  /** Every authenticator of the user; returns how many went. */
  removeAll(userId: string): Promise<number>;
}
