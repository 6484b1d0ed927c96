CREATE TYPE "public"."institution_kind" AS ENUM('ministry', 'agency', 'regional_secretariat', 'local_government_authority', 'public_corporation');--> statement-breakpoint
CREATE TYPE "public"."listing_status" AS ENUM('draft', 'in_review', 'published', 'withdrawn');--> statement-breakpoint
CREATE TABLE "institutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"acronym" text,
	"name_sw" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" "institution_kind" NOT NULL,
	"website" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "institutions_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"institution_id" uuid NOT NULL,
	"name_sw" text NOT NULL,
	"name_en" text NOT NULL,
	"summary_sw" text NOT NULL,
	"summary_en" text NOT NULL,
	"online_url" text,
	"status" "listing_status" DEFAULT 'draft' NOT NULL,
	"needs_review" boolean DEFAULT false NOT NULL,
	"sources" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "services_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "services_institution_idx" ON "services" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "services_status_idx" ON "services" USING btree ("status");