CREATE TYPE "public"."branch" AS ENUM('marketing', 'sales', 'existing');--> statement-breakpoint
CREATE TYPE "public"."fiscal_year_naming" AS ENUM('start', 'end');--> statement-breakpoint
CREATE TYPE "public"."member_role" AS ENUM('admin', 'branch_owner', 'contributor', 'executive');--> statement-breakpoint
CREATE TYPE "public"."month_pattern" AS ENUM('4-4-5', '4-5-4', '5-4-4');--> statement-breakpoint
CREATE TYPE "public"."organization_kind" AS ENUM('company', 'agency');--> statement-breakpoint
CREATE TYPE "public"."weekday" AS ENUM('monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday');--> statement-breakpoint
CREATE TYPE "public"."kpi_aggregation" AS ENUM('sum', 'average', 'last');--> statement-breakpoint
CREATE TYPE "public"."kpi_direction" AS ENUM('at_least', 'above', 'at_most', 'below', 'equal', 'between', 'outside');--> statement-breakpoint
CREATE TYPE "public"."kpi_unit" AS ENUM('count', 'currency', 'percent', 'ratio');--> statement-breakpoint
CREATE TABLE "memberships" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "member_role" NOT NULL,
	"branch" "branch",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "memberships_branch_check" CHECK (("memberships"."role" = 'branch_owner') = ("memberships"."branch" is not null))
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" "organization_kind" DEFAULT 'company' NOT NULL,
	"fiscal_year_start_month" integer DEFAULT 1 NOT NULL,
	"week_starts_on" "weekday" DEFAULT 'monday' NOT NULL,
	"fiscal_year_naming" "fiscal_year_naming" DEFAULT 'end' NOT NULL,
	"month_pattern" "month_pattern" DEFAULT '4-4-5' NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"time_zone" text DEFAULT 'America/New_York' NOT NULL,
	"meeting_weekday" "weekday" DEFAULT 'monday' NOT NULL,
	"meeting_time" text DEFAULT '13:00' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_fiscal_month_check" CHECK ("organizations"."fiscal_year_start_month" between 1 and 12),
	CONSTRAINT "organizations_currency_check" CHECK ("organizations"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "organizations_meeting_time_check" CHECK ("organizations"."meeting_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funnel_stages" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"funnel_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"last_year" integer NOT NULL,
	"planned_rate" numeric,
	"historical_growth" numeric,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funnel_stages_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "funnel_stages_last_year_check" CHECK ("funnel_stages"."last_year" >= 0),
	CONSTRAINT "funnel_stages_rate_check" CHECK ("funnel_stages"."planned_rate" is null or ("funnel_stages"."planned_rate" > 0 and "funnel_stages"."planned_rate" <= 1))
);
--> statement-breakpoint
CREATE TABLE "funnels" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"key" text NOT NULL,
	"branch" "branch" NOT NULL,
	"name" text NOT NULL,
	"customer_share" numeric DEFAULT '1' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funnels_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "funnels_share_check" CHECK ("funnels"."customer_share" > 0 and "funnels"."customer_share" <= 1)
);
--> statement-breakpoint
CREATE TABLE "kpis" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"branch" "branch" NOT NULL,
	"unit" "kpi_unit" DEFAULT 'count' NOT NULL,
	"aggregation" "kpi_aggregation" DEFAULT 'sum' NOT NULL,
	"direction" "kpi_direction" DEFAULT 'at_least' NOT NULL,
	"owner_membership_id" uuid,
	"funnel_stage_id" uuid,
	"annual_target" numeric,
	"q1_weight" numeric NOT NULL,
	"q2_weight" numeric NOT NULL,
	"q3_weight" numeric NOT NULL,
	"q4_weight" numeric NOT NULL,
	"tolerance" numeric,
	"blank_is_zero" boolean DEFAULT false NOT NULL,
	"trend_weeks" integer DEFAULT 3 NOT NULL,
	"play" text,
	"focus_area" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpis_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "kpis_target_check" CHECK (("kpis"."funnel_stage_id" is null) <> ("kpis"."annual_target" is null)),
	CONSTRAINT "kpis_weights_check" CHECK ("kpis"."q1_weight" >= 0 and "kpis"."q2_weight" >= 0 and "kpis"."q3_weight" >= 0 and "kpis"."q4_weight" >= 0 and "kpis"."q1_weight" + "kpis"."q2_weight" + "kpis"."q3_weight" + "kpis"."q4_weight" = 1),
	CONSTRAINT "kpis_trend_weeks_check" CHECK ("kpis"."trend_weeks" between 1 and 52)
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"fiscal_year" integer NOT NULL,
	"revenue_goal" numeric NOT NULL,
	"contracted_revenue" numeric DEFAULT '0' NOT NULL,
	"expansion_revenue" numeric DEFAULT '0' NOT NULL,
	"new_revenue_sales" numeric DEFAULT '0' NOT NULL,
	"new_revenue_marketing" numeric DEFAULT '0' NOT NULL,
	"average_customer_value" numeric NOT NULL,
	"last_year_customers_sales" integer,
	"last_year_customers_marketing" integer,
	"historical_growth" numeric,
	"stretch_factor" numeric DEFAULT '2' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "plans_amounts_check" CHECK ("plans"."revenue_goal" >= 0 and "plans"."contracted_revenue" >= 0 and "plans"."expansion_revenue" >= 0 and "plans"."new_revenue_sales" >= 0 and "plans"."new_revenue_marketing" >= 0),
	CONSTRAINT "plans_customer_value_check" CHECK ("plans"."average_customer_value" > 0)
);
--> statement-breakpoint
CREATE TABLE "weekly_actuals" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kpi_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"value" numeric NOT NULL,
	"note" text,
	"entered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "weekly_actuals_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "weekly_actuals_note_length_check" CHECK ("weekly_actuals"."note" is null or length("weekly_actuals"."note") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"actor_user_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid,
	"old_value" jsonb,
	"new_value" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_events_organization_id_id_pk" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funnel_stages" ADD CONSTRAINT "funnel_stages_organization_id_funnel_id_funnels_organization_id_id_fk" FOREIGN KEY ("organization_id","funnel_id") REFERENCES "public"."funnels"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funnels" ADD CONSTRAINT "funnels_organization_id_plan_id_plans_organization_id_id_fk" FOREIGN KEY ("organization_id","plan_id") REFERENCES "public"."plans"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_organization_id_plan_id_plans_organization_id_id_fk" FOREIGN KEY ("organization_id","plan_id") REFERENCES "public"."plans"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_organization_id_owner_membership_id_memberships_organization_id_id_fk" FOREIGN KEY ("organization_id","owner_membership_id") REFERENCES "public"."memberships"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_organization_id_funnel_stage_id_funnel_stages_organization_id_id_fk" FOREIGN KEY ("organization_id","funnel_stage_id") REFERENCES "public"."funnel_stages"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weekly_actuals" ADD CONSTRAINT "weekly_actuals_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weekly_actuals" ADD CONSTRAINT "weekly_actuals_organization_id_kpi_id_kpis_organization_id_id_fk" FOREIGN KEY ("organization_id","kpi_id") REFERENCES "public"."kpis"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_organization_user_idx" ON "memberships" USING btree ("organization_id","user_id");--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_slug_idx" ON "organizations" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_idx" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "funnel_stages_funnel_key_idx" ON "funnel_stages" USING btree ("organization_id","funnel_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "funnels_plan_key_idx" ON "funnels" USING btree ("organization_id","plan_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "kpis_plan_key_idx" ON "kpis" USING btree ("organization_id","plan_id","key");--> statement-breakpoint
CREATE INDEX "kpis_owner_idx" ON "kpis" USING btree ("organization_id","owner_membership_id");--> statement-breakpoint
CREATE INDEX "kpis_stage_idx" ON "kpis" USING btree ("organization_id","funnel_stage_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plans_organization_year_idx" ON "plans" USING btree ("organization_id","fiscal_year");--> statement-breakpoint
CREATE UNIQUE INDEX "weekly_actuals_kpi_week_idx" ON "weekly_actuals" USING btree ("organization_id","kpi_id","week_start");--> statement-breakpoint
CREATE INDEX "weekly_actuals_entered_by_idx" ON "weekly_actuals" USING btree ("entered_by");--> statement-breakpoint
CREATE INDEX "audit_events_organization_created_idx" ON "audit_events" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("organization_id","entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_user_id");