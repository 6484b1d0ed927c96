CREATE TYPE "public"."problem_kind" AS ENUM('wrong_information', 'out_of_date', 'broken_link', 'hard_to_understand', 'other');--> statement-breakpoint
CREATE TYPE "public"."problem_status" AS ENUM('new', 'seen', 'resolved');--> statement-breakpoint
CREATE TABLE "problem_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"kind" "problem_kind" NOT NULL,
	"details" text NOT NULL,
	"contact" text,
	"locale" text NOT NULL,
	"status" "problem_status" DEFAULT 'new' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_hits" (
	"bucket" text NOT NULL,
	"key_hash" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limit_hits_bucket_key_hash_window_start_pk" PRIMARY KEY("bucket","key_hash","window_start")
);
--> statement-breakpoint
ALTER TABLE "problem_reports" ADD CONSTRAINT "problem_reports_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "problem_reports_service_idx" ON "problem_reports" USING btree ("service_id");