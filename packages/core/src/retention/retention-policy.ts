/**
 * How long records kept for a while after their use are kept (the expired-record sweep). Records
 * with an end of their own (sessions, links, codes) go at that end instead.
 */

/** Days the SMS log keeps a message (SMS_LOG_RETENTION_DAYS): delivery reports come within days; support looks back weeks. */
export const SMS_LOG_RETENTION_DAYS_DEFAULT = 90;
export const SMS_LOG_RETENTION_DAYS_MAX = 3_650;
/** Days the dev mail outbox keeps a mail: its links end within the hour, and it only stands in for a mail server. */
export const DEV_MAIL_RETENTION_DAYS = 7;
