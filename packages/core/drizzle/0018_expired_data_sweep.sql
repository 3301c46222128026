-- The expired-record sweep (retention/expired-data-sweeper.ts) finds what ran out by its end:
-- sessions, trusted browsers, password-reset links and codes, like sign-up requests since 0017;
-- the SMS log by its age (a delivery report updates status, not created_at).
-- Each end is fixed when its row is written (a session's last-seen update, a wrong guess at a code,
-- change no indexed column), so these indexes cost a write only when a row or a new code is written.
CREATE INDEX "sessions_expires" ON "sessions" USING btree ("expires_at_ms");
--> statement-breakpoint
CREATE INDEX "trusted_devices_expires" ON "trusted_devices" USING btree ("expires_at_ms");
--> statement-breakpoint
CREATE INDEX "password_resets_expires" ON "password_resets" USING btree ("expires_at_ms");
--> statement-breakpoint
CREATE INDEX "challenges_expires" ON "challenges" USING btree ("expires_at_ms");
--> statement-breakpoint
CREATE INDEX "sms_messages_created" ON "sms_messages" USING btree ("created_at");
