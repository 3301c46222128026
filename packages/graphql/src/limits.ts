/**
 * Bounds on what one GraphQL request may ask for. The schema is small and flat (its deepest
 * selection is `me { email }`, two levels), so these are far above any honest client and far
 * below what it takes to make the server do real work per request.
 */

/** Largest request body; a full mutation with variables is well under 1 KiB. */
export const MAX_REQUEST_BODY_BYTES = 16 * 1024;

/** Lexical tokens in one document: stops a parser-bound flood before validation runs. */
export const MAX_DOCUMENT_TOKENS = 1_000;

/** Nesting of selections, counted through fragments: `me { email }` is 2. */
export const MAX_SELECTION_DEPTH = 4;

/** Fields one operation selects, counting aliases and every fragment use: each may cost a read. */
export const MAX_FIELDS_PER_OPERATION = 40;

/**
 * Mutation fields that check a code (`verifyOtp`, `verifyBackupCode`, `verifyAuthenticatorCode`,
 * `disableTwoFactorAuth`) or the current password (`changePassword`) one document may hold.
 * The core counts every guess anyway; one per request keeps a request to one guess, so aliases
 * can't turn a single HTTP call into a burst against the per-code cap.
 */
export const MAX_CODE_CHECKS_PER_DOCUMENT = 1;

/** Mutation fields that send an SMS (`requestOtp`, `setPhoneNumber`) one document may hold. */
export const MAX_CODE_SENDS_PER_DOCUMENT = 1;
