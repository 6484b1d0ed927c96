CREATE TYPE "public"."event_kind" AS ENUM('life', 'business');--> statement-breakpoint
CREATE TYPE "public"."institution_kind" AS ENUM('ministry', 'agency', 'regulator', 'fund', 'public_corporation', 'regional_secretariat', 'local_government_authority', 'zanzibar_institution');--> statement-breakpoint
CREATE TYPE "public"."listing_status" AS ENUM('draft', 'in_review', 'published', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."outbox_status" AS ENUM('pending', 'delivered', 'failed');--> statement-breakpoint
CREATE TABLE "catalogue_version" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"slug_sw" text NOT NULL,
	"slug_en" text NOT NULL,
	"name_sw" text NOT NULL,
	"name_en" text NOT NULL,
	"description_sw" text NOT NULL,
	"description_en" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "categories_key_unique" UNIQUE("key"),
	CONSTRAINT "categories_slug_sw_unique" UNIQUE("slug_sw"),
	CONSTRAINT "categories_slug_en_unique" UNIQUE("slug_en")
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"acronym" text,
	"name_sw" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" "institution_kind" NOT NULL,
	"parent_id" uuid,
	"description_sw" text NOT NULL,
	"description_en" text NOT NULL,
	"website" text,
	"phones" text[] DEFAULT '{}'::text[] NOT NULL,
	"emails" text[] DEFAULT '{}'::text[] NOT NULL,
	"address" jsonb,
	"gepg_sp_code" text,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "institutions_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "life_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"kind" "event_kind" NOT NULL,
	"slug_sw" text NOT NULL,
	"slug_en" text NOT NULL,
	"name_sw" text NOT NULL,
	"name_en" text NOT NULL,
	"description_sw" text NOT NULL,
	"description_en" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "life_events_key_unique" UNIQUE("key"),
	CONSTRAINT "life_events_slug_sw_unique" UNIQUE("slug_sw"),
	CONSTRAINT "life_events_slug_en_unique" UNIQUE("slug_en")
);
--> statement-breakpoint
CREATE TABLE "service_categories" (
	"service_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	CONSTRAINT "service_categories_service_id_category_id_pk" PRIMARY KEY("service_id","category_id")
);
--> statement-breakpoint
CREATE TABLE "service_fees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"currency" text NOT NULL,
	"label_sw" text NOT NULL,
	"label_en" text NOT NULL,
	"gepg" boolean NOT NULL,
	"gfs_code" text,
	"as_of" text,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_life_events" (
	"service_id" uuid NOT NULL,
	"life_event_id" uuid NOT NULL,
	CONSTRAINT "service_life_events_service_id_life_event_id_pk" PRIMARY KEY("service_id","life_event_id")
);
--> statement-breakpoint
CREATE TABLE "service_views" (
	"service_id" uuid NOT NULL,
	"day" date NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "service_views_service_id_day_pk" PRIMARY KEY("service_id","day")
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug_sw" text NOT NULL,
	"slug_en" text NOT NULL,
	"institution_id" uuid NOT NULL,
	"competent_authority_id" uuid,
	"status" "listing_status" DEFAULT 'draft' NOT NULL,
	"audience" text[] DEFAULT '{}'::text[] NOT NULL,
	"name_sw" text NOT NULL,
	"name_en" text NOT NULL,
	"summary_sw" text NOT NULL,
	"summary_en" text NOT NULL,
	"description_sw" text NOT NULL,
	"description_en" text NOT NULL,
	"requirements" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"documents" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outputs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fee_note" jsonb,
	"processing_time_iso" text,
	"processing_time" jsonb,
	"processing_time_source" text,
	"channels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"legal_basis" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"keywords_sw" text[] DEFAULT '{}'::text[] NOT NULL,
	"keywords_en" text[] DEFAULT '{}'::text[] NOT NULL,
	"featured" boolean DEFAULT false NOT NULL,
	"needs_review" boolean DEFAULT false NOT NULL,
	"review_note" text,
	"last_reviewed_on" date,
	"maintenance_notice" jsonb,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "services_slug_sw_unique" UNIQUE("slug_sw"),
	CONSTRAINT "services_slug_en_unique" UNIQUE("slug_en")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"payload" jsonb NOT NULL,
	"dedupe_key" text,
	"status" "outbox_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "outbox_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
ALTER TABLE "institutions" ADD CONSTRAINT "institutions_parent_id_institutions_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."institutions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_categories" ADD CONSTRAINT "service_categories_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_categories" ADD CONSTRAINT "service_categories_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_fees" ADD CONSTRAINT "service_fees_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_life_events" ADD CONSTRAINT "service_life_events_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_life_events" ADD CONSTRAINT "service_life_events_life_event_id_life_events_id_fk" FOREIGN KEY ("life_event_id") REFERENCES "public"."life_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_views" ADD CONSTRAINT "service_views_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_competent_authority_id_institutions_id_fk" FOREIGN KEY ("competent_authority_id") REFERENCES "public"."institutions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_categories_category_idx" ON "service_categories" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "service_fees_service_idx" ON "service_fees" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "service_life_events_event_idx" ON "service_life_events" USING btree ("life_event_id");--> statement-breakpoint
CREATE INDEX "services_institution_idx" ON "services" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "services_status_idx" ON "services" USING btree ("status");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."status" = 'pending';