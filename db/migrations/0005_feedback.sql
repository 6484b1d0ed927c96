CREATE TYPE "public"."feedback_kind" AS ENUM('complaint', 'suggestion', 'inquiry', 'compliment');--> statement-breakpoint
CREATE TYPE "public"."feedback_status" AS ENUM('received', 'delivered', 'acknowledged', 'answered', 'closed');--> statement-breakpoint
CREATE TABLE "feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"kind" "feedback_kind" NOT NULL,
	"institution_id" uuid NOT NULL,
	"service_id" uuid,
	"subject" text NOT NULL,
	"message" text NOT NULL,
	"sender_name" text,
	"sender_phone" text,
	"citizen_id" uuid,
	"locale" text NOT NULL,
	"status" "feedback_status" DEFAULT 'received' NOT NULL,
	"emrejesho_reference" text,
	"reply_text" text,
	"reply_by" text,
	"replied_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "feedback_attachments" (
	"feedback_id" uuid PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_updates" (
	"update_id" text PRIMARY KEY NOT NULL,
	"feedback_id" uuid NOT NULL,
	"status" "feedback_status" NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_attachments" ADD CONSTRAINT "feedback_attachments_feedback_id_feedback_id_fk" FOREIGN KEY ("feedback_id") REFERENCES "public"."feedback"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_updates" ADD CONSTRAINT "feedback_updates_feedback_id_feedback_id_fk" FOREIGN KEY ("feedback_id") REFERENCES "public"."feedback"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_citizen_idx" ON "feedback" USING btree ("citizen_id");