CREATE TABLE "sms_country_pauses" (
	"calling_code" text PRIMARY KEY NOT NULL,
	"paused_until" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"sent" integer NOT NULL,
	"verified" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lifted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sms_country_stats" (
	"calling_code" text NOT NULL,
	"bucket_start_ms" bigint NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	"verified" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sms_country_stats_pk" PRIMARY KEY("calling_code","bucket_start_ms")
);
--> statement-breakpoint
CREATE INDEX "sms_country_stats_bucket" ON "sms_country_stats" USING btree ("bucket_start_ms");