CREATE TYPE "public"."bill_pay_option" AS ENUM('exact', 'full', 'part');--> statement-breakpoint
ALTER TYPE "public"."bill_state" ADD VALUE 'part_paid';--> statement-breakpoint
CREATE TABLE "unmatched_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trx_id" text NOT NULL,
	"source" text NOT NULL,
	"gepg_bill_id" text NOT NULL,
	"bill_id" uuid,
	"control_number" text NOT NULL,
	"sp_code" text NOT NULL,
	"sp_group_code" text,
	"paid_minor" bigint NOT NULL,
	"bill_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"pay_option" text,
	"psp_code" text NOT NULL,
	"psp_name" text,
	"pay_ref_id" text NOT NULL,
	"psp_receipt" text,
	"paid_at" timestamp with time zone NOT NULL,
	"mismatches" jsonb NOT NULL,
	"signed_xml" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"resolution" text,
	"payment_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unmatched_payments_trx_id_unique" UNIQUE("trx_id")
);
--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "pay_option" "bill_pay_option" DEFAULT 'exact' NOT NULL;--> statement-breakpoint
ALTER TABLE "unmatched_payments" ADD CONSTRAINT "unmatched_payments_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unmatched_payments" ADD CONSTRAINT "unmatched_payments_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "unmatched_payments_state_idx" ON "unmatched_payments" USING btree ("state","received_at");