ALTER TABLE "service_fees" ADD COLUMN "confirmed_on" date;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "processing_time_confirmed_on" date;--> statement-breakpoint
-- Until now the seed wrote the day the data files were compiled as the listing's review date, so
-- every listing read "last checked" on that day. Only a person of the institution confirms a
-- listing: keep the date where the editorial audit shows one (a publication or "still correct").
UPDATE "services" SET "last_reviewed_on" = NULL
WHERE NOT EXISTS (
  SELECT 1 FROM "editorial_audit" a
  WHERE a."entity" = 'service' AND a."entity_id" = "services"."id"::text AND a."action" IN ('listing.publish', 'listing.confirm')
);
