/**
 * How long a browser stays trusted after the user ticked "Trust this browser": 30 days, as GitHub,
 * Google and Microsoft offer it. The trust never extends with use; 2FA changes end it sooner.
 */
export const TRUSTED_DEVICE_DAYS_DEFAULT = 30;
/** More than a year of skipping the second factor would make it a password-only account. */
export const TRUSTED_DEVICE_DAYS_MAX = 365;
/** "Last used" is written at most this often per device: a list needs the day, not the second. */
export const TRUSTED_DEVICE_TOUCH_INTERVAL_SECONDS = 60;
