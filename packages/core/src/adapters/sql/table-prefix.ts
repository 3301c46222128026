/**
 * A table prefix goes into SQL as part of identifiers (and into the rendered migrations as plain
 * text), so it is held to lower-case letters, digits and "_": nothing that needs quoting or could
 * end an identifier. At most 31 characters keeps every prefixed index name within PostgreSQL's 63.
 */
export const TABLE_PREFIX_PATTERN = /^[a-z][a-z0-9_]{0,30}$/;

/** Throws unless `tablePrefix` is "" (twostep's own names) or matches TABLE_PREFIX_PATTERN. */
export function assertTablePrefix(tablePrefix: string): void {
  if (tablePrefix !== "" && !TABLE_PREFIX_PATTERN.test(tablePrefix)) {
    throw new Error(
      `twostep table prefix ${JSON.stringify(tablePrefix)} is invalid: use a lower-case letter, then up to 30 lower-case letters, digits or "_" (e.g. "twostep_")`,
    );
  }
}

/** The atomic code check's PL/pgSQL function (drizzle/0001_verify_function.sql) under a prefix. */
export const verifyFunctionName = (tablePrefix: string) => `${tablePrefix}twostep_verify`;

/** The atomic TOTP check's function (drizzle/0005_totp_verify_function.sql) under a prefix. */
export const totpVerifyFunctionName = (tablePrefix: string) => `${tablePrefix}twostep_verify_totp`;

/** A whole code check of one request in one statement (drizzle/0006_check_code_function.sql) under a prefix. */
export const checkCodeFunctionName = (tablePrefix: string) => `${tablePrefix}twostep_check_code`;

/**
 * The account lock's rules, shared by every check (drizzle/0011_earlier_code.sql; 0014 runs them in
 * fewer statements; 0015 remembers failures from the end of their lock): take the account's failure
 * row, then count a pass or a failure on it. Under a prefix.
 */
export const accountLockFunctionNames = (tablePrefix: string) => [
  `${tablePrefix}twostep_account_lock_take`,
  `${tablePrefix}twostep_account_lock_count`,
];

/** A right code's SQL aftermath for a check run elsewhere, in one statement (drizzle/0013_right_code_aftermath.sql), under a prefix. */
export const recordRightCodeFunctionName = (tablePrefix: string) => `${tablePrefix}twostep_record_right_code`;
