/**
 * What twostep needs to know and keep of a host's user: the phone of record and when it was last
 * proved, whether 2FA is on, backup-code hashes, and a password check for re-authentication.
 * A host implements this over its own users table (twostep's own accounts implement it too, in
 * `@twostep/core/sql`); the two-factor service uses nothing else of the user.
 */
export type UserFactors = {
  userId: string;
  /** E.164, or null when the user has no phone on record. */
  phoneE164: string | null;
  /** When the number last proved it receives our codes. */
  phoneVerifiedAt: Date | null;
  twoFactorEnabled: boolean;
};

export interface UserFactorStore {
  /** Null when there is no such user (a deleted account's session then counts as signed out). */
  read(userId: string): Promise<UserFactors | null>;
  /** Saves a number that just proved itself. */
  setPhone(userId: string, phoneE164: string, verifiedAt: Date): Promise<void>;
  setTwoFactorEnabled(userId: string, enabled: boolean): Promise<void>;
  /**
   * Replaces every backup code of the user with these keyed hashes, all or nothing. An empty list
   * voids them all (turning 2FA off does this).
   */
  replaceBackupCodes(userId: string, hashes: string[]): Promise<void>;
  /**
   * Marks one unused code as used; true only for the one caller that used it. Must be atomic (a
   * single conditional UPDATE): two concurrent uses of one code must not both succeed.
   */
  consumeBackupCode(userId: string, hash: string): Promise<boolean>;
  unusedBackupCodeCount(userId: string): Promise<number>;
  /**
   * The user's password, checked again before 2FA is turned off or backup codes are replaced.
   * Should take as long for a wrong password as for a right one.
   */
  checkPassword(userId: string, password: string): Promise<boolean>;
}
