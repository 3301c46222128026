-- Sign-up by emailed link: a request waits here until its link is used with the password chosen
-- at sign-up; only then does a row in users exist. The token is kept only as a keyed hash. Rows of
-- an address are many (each request its own password); using one deletes them all, and each new
-- request deletes expired ones (by expires_at_ms), so an abandoned sign-up's address and password
-- hash don't stay.
CREATE TABLE "sign_up_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at_ms" bigint NOT NULL,
	"expires_at_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "sign_up_requests_token_hash" ON "sign_up_requests" USING btree ("token_hash");
--> statement-breakpoint
CREATE INDEX "sign_up_requests_email" ON "sign_up_requests" USING btree ("email");

--> statement-breakpoint
CREATE INDEX "sign_up_requests_expires" ON "sign_up_requests" USING btree ("expires_at_ms");