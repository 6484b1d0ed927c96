ALTER TABLE "citizens" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "citizens" DROP COLUMN "date_of_birth";