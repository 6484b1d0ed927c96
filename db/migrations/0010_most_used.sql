CREATE TABLE "most_used_overrides" (
	"service_id" uuid PRIMARY KEY NOT NULL,
	"mode" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "most_used_overrides_mode_check" CHECK ("most_used_overrides"."mode" in ('pin', 'hide'))
);
--> statement-breakpoint
CREATE TABLE "service_visitors" (
	"service_id" uuid NOT NULL,
	"day" date NOT NULL,
	"visitor_hash" text NOT NULL,
	CONSTRAINT "service_visitors_service_id_day_visitor_hash_pk" PRIMARY KEY("service_id","day","visitor_hash")
);
--> statement-breakpoint
ALTER TABLE "most_used_overrides" ADD CONSTRAINT "most_used_overrides_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_visitors" ADD CONSTRAINT "service_visitors_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_visitors_day_idx" ON "service_visitors" USING btree ("day");--> statement-breakpoint
-- Until now service_views held raw page loads, robots and prefetches included; from here on it
-- holds visitors per day. The old numbers mean something else, so they go.
DELETE FROM "service_views";