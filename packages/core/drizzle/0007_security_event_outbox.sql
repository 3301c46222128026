CREATE TABLE "security_event_outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"body" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at_ms" bigint NOT NULL,
	"created_at_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "security_event_outbox_due" ON "security_event_outbox" USING btree ("next_attempt_at_ms","created_at_ms");
