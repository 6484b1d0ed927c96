CREATE TYPE "public"."bill_state" AS ENUM('pending', 'submitted', 'issued', 'paid', 'failed', 'cancelled');--> statement-breakpoint
CREATE SEQUENCE "public"."receipt_numbers" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "bills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" text NOT NULL,
	"citizen_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"fee_position" integer NOT NULL,
	"description_sw" text NOT NULL,
	"description_en" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"gfs_code" text NOT NULL,
	"sp_code" text NOT NULL,
	"payer_name" text NOT NULL,
	"payer_phone" text,
	"state" "bill_state" DEFAULT 'pending' NOT NULL,
	"control_number" text,
	"status_code" text,
	"status_text" text,
	"expires_at" timestamp with time zone NOT NULL,
	"renews_bill_id" uuid,
	"deliveries" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"issued_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	CONSTRAINT "bills_bill_id_unique" UNIQUE("bill_id")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trx_id" text NOT NULL,
	"bill_id" uuid NOT NULL,
	"control_number" text NOT NULL,
	"paid_minor" bigint NOT NULL,
	"bill_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"psp_code" text NOT NULL,
	"psp_name" text,
	"pay_ref_id" text NOT NULL,
	"psp_receipt" text,
	"paid_at" timestamp with time zone NOT NULL,
	"receipt_number" text NOT NULL,
	"reconciled_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_trx_id_unique" UNIQUE("trx_id"),
	CONSTRAINT "payments_receipt_number_unique" UNIQUE("receipt_number")
);
--> statement-breakpoint
CREATE TABLE "reconciliations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"req_id" text NOT NULL,
	"day" date NOT NULL,
	"state" text DEFAULT 'requested' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	"gepg_count" integer,
	"matched" integer,
	"differences" jsonb,
	CONSTRAINT "reconciliations_req_id_unique" UNIQUE("req_id")
);
--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bills_citizen_idx" ON "bills" USING btree ("citizen_id","created_at");--> statement-breakpoint
CREATE INDEX "bills_control_number_idx" ON "bills" USING btree ("control_number");--> statement-breakpoint
CREATE INDEX "payments_bill_idx" ON "payments" USING btree ("bill_id");