ALTER TABLE "service_fees" ADD COLUMN "issuer_system" text;--> statement-breakpoint
ALTER TABLE "service_fees" ADD COLUMN "issuer_how_sw" text;--> statement-breakpoint
ALTER TABLE "service_fees" ADD COLUMN "issuer_how_en" text;--> statement-breakpoint
ALTER TABLE "service_fees" ADD COLUMN "issuer_url" text;--> statement-breakpoint
ALTER TABLE "service_fees" ADD COLUMN "abroad" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "locale" text DEFAULT 'sw' NOT NULL;