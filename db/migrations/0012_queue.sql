-- The outbox gives way to the job queue (pg-boss). Its undelivered rows, pending or given up,
-- are carried over as jobs by lib/jobs/carry-over.ts before the migrations run (at start-up,
-- `npm run worker` and `npm run db:migrate`); a row still here was not, and is not dropped unseen.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "outbox" WHERE "status" <> 'delivered') THEN
    RAISE EXCEPTION 'The outbox still holds undelivered hand-offs. Start the portal or run `npm run db:migrate`: they are carried over to the job queue first.';
  END IF;
END $$;--> statement-breakpoint
DROP TABLE "outbox" CASCADE;--> statement-breakpoint
DROP TYPE "public"."outbox_status";
