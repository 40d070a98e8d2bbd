CREATE TABLE "kpi_target_versions" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kpi_id" uuid NOT NULL,
	"effective_from" date NOT NULL,
	"annual_target" numeric NOT NULL,
	"q1_weight" numeric NOT NULL,
	"q2_weight" numeric NOT NULL,
	"q3_weight" numeric NOT NULL,
	"q4_weight" numeric NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_target_versions_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "kpi_target_versions_weights_check" CHECK ("kpi_target_versions"."q1_weight" + "kpi_target_versions"."q2_weight" + "kpi_target_versions"."q3_weight" + "kpi_target_versions"."q4_weight" = 1)
);
--> statement-breakpoint
ALTER TABLE "kpi_target_versions" ADD CONSTRAINT "kpi_target_versions_organization_id_kpi_id_kpis_organization_id_id_fk" FOREIGN KEY ("organization_id","kpi_id") REFERENCES "public"."kpis"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_target_versions_kpi_week_idx" ON "kpi_target_versions" USING btree ("organization_id","kpi_id","effective_from");