-- Target versions are tenant rows like any other: the same policy as the
-- tables in 0002. The application role's privileges come from the default
-- privileges granted there.
ALTER TABLE "kpi_target_versions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "kpi_target_versions_tenant" ON "kpi_target_versions"
  USING ("organization_id" = ANY (backsolve_current_organization_ids()))
  WITH CHECK ("organization_id" = ANY (backsolve_current_organization_ids()));
--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'backsolve_app') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON "kpi_target_versions" TO backsolve_app;
  END IF;
END
$$;
