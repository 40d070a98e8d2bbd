-- Row-level security: a second line of defence behind the organization filter
-- that every query carries. Each request runs in a transaction that sets
-- backsolve.user_id and backsolve.organization_ids and switches to the
-- non-superuser role backsolve_app; the policies below then hide every row of
-- another organization, even from a query that forgets its filter.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'backsolve_app') THEN
    CREATE ROLE backsolve_app NOLOGIN;
  END IF;
EXCEPTION
  -- Roles are shared by the whole cluster: another database's migration may
  -- have created it a moment ago, or this owner may not create roles (then
  -- `npm run db:setup` creates it).
  WHEN duplicate_object OR unique_violation OR insufficient_privilege THEN
    RAISE NOTICE 'role backsolve_app was not created here: %', SQLERRM;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION backsolve_current_user_id() RETURNS uuid
LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('backsolve.user_id', true), '')::uuid
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION backsolve_current_organization_ids() RETURNS uuid[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_to_array(nullif(current_setting('backsolve.organization_ids', true), ''), ',')::uuid[], '{}'::uuid[])
$$;
--> statement-breakpoint
ALTER TABLE "organizations" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "organizations_tenant" ON "organizations"
  USING ("id" = ANY (backsolve_current_organization_ids()))
  WITH CHECK ("id" = ANY (backsolve_current_organization_ids()));
--> statement-breakpoint
ALTER TABLE "memberships" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A user sees their own memberships (for the organization switcher) and every
-- membership of the organizations in scope.
CREATE POLICY "memberships_tenant" ON "memberships"
  USING ("organization_id" = ANY (backsolve_current_organization_ids()) OR "user_id" = backsolve_current_user_id())
  WITH CHECK ("organization_id" = ANY (backsolve_current_organization_ids()));
--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Users are not owned by one organization: a user sees themself and the
-- members of the organizations in scope, and may only create or change themself.
CREATE POLICY "users_self_or_colleague" ON "users"
  USING (
    "id" = backsolve_current_user_id()
    OR EXISTS (
      SELECT 1 FROM "memberships" m
      WHERE m."user_id" = "users"."id" AND m."organization_id" = ANY (backsolve_current_organization_ids())
    )
  )
  WITH CHECK ("id" = backsolve_current_user_id());
--> statement-breakpoint
ALTER TABLE "agency_clients" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A link is visible to the client and to the agency.
CREATE POLICY "agency_clients_tenant" ON "agency_clients"
  USING ("organization_id" = ANY (backsolve_current_organization_ids()) OR "agency_id" = ANY (backsolve_current_organization_ids()))
  WITH CHECK ("organization_id" = ANY (backsolve_current_organization_ids()) OR "agency_id" = ANY (backsolve_current_organization_ids()));
--> statement-breakpoint
DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY[
    'agency_assignments', 'invitations', 'plans', 'funnels', 'funnel_stages', 'kpis', 'weekly_actuals', 'audit_events'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format(
      'CREATE POLICY %I ON %I USING (organization_id = ANY (backsolve_current_organization_ids())) '
      'WITH CHECK (organization_id = ANY (backsolve_current_organization_ids()))',
      tenant_table || '_tenant', tenant_table
    );
  END LOOP;
END
$$;
--> statement-breakpoint
-- The few look-ups that run before an organization is chosen. Each runs as the
-- owner (SECURITY DEFINER) and returns only what its caller needs.
CREATE OR REPLACE FUNCTION backsolve_effective_memberships(p_user_id uuid)
RETURNS TABLE (
  organization_id uuid, slug text, name text, kind text,
  membership_id uuid, role text, branch text, via_agency_id uuid
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT o.id, o.slug, o.name, o.kind::text, m.id, m.role::text, m.branch::text, NULL::uuid
    FROM memberships m JOIN organizations o ON o.id = m.organization_id
   WHERE m.user_id = p_user_id
  UNION ALL
  SELECT o.id, o.slug, o.name, o.kind::text, NULL::uuid, 'admin', NULL::text, l.agency_id
    FROM memberships am
    JOIN agency_clients l ON l.agency_id = am.organization_id AND l.status::text = 'active'
    JOIN organizations o ON o.id = l.organization_id
   WHERE am.user_id = p_user_id AND am.role::text = 'agency_admin'
  UNION ALL
  SELECT o.id, o.slug, o.name, o.kind::text, NULL::uuid, 'admin', NULL::text, l.agency_id
    FROM memberships am
    JOIN agency_assignments a ON a.organization_id = am.organization_id AND a.membership_id = am.id
    JOIN agency_clients l ON l.agency_id = am.organization_id AND l.organization_id = a.client_organization_id AND l.status::text = 'active'
    JOIN organizations o ON o.id = l.organization_id
   WHERE am.user_id = p_user_id AND am.role::text = 'agency_member'
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION backsolve_user_for_sign_in(p_email text)
RETURNS TABLE (id uuid, email text, name text, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.id, u.email, u.name, u.password_hash FROM users u WHERE lower(u.email) = lower(p_email)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION backsolve_email_taken(p_email text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (SELECT 1 FROM users u WHERE lower(u.email) = lower(p_email))
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION backsolve_slug_taken(p_slug text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (SELECT 1 FROM organizations o WHERE o.slug = p_slug)
$$;
--> statement-breakpoint
-- A company admin invites an agency by its slug, so the agency's id and name
-- must be found without access to the agency's rows.
CREATE OR REPLACE FUNCTION backsolve_agency_by_slug(p_slug text)
RETURNS TABLE (id uuid, slug text, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT o.id, o.slug, o.name FROM organizations o WHERE o.slug = p_slug AND o.kind::text = 'agency'
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION backsolve_invitation_by_token(p_token_hash text)
RETURNS TABLE (
  organization_id uuid, id uuid, email text, role text, branch text, expires_at timestamptz,
  accepted_at timestamptz, revoked_at timestamptz, organization_slug text, organization_name text, organization_kind text
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT i.organization_id, i.id, i.email, i.role::text, i.branch::text, i.expires_at,
         i.accepted_at, i.revoked_at, o.slug, o.name, o.kind::text
    FROM invitations i JOIN organizations o ON o.id = i.organization_id
   WHERE i.token_hash = p_token_hash
$$;
--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'backsolve_app') THEN
    GRANT USAGE ON SCHEMA public TO backsolve_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO backsolve_app;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO backsolve_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO backsolve_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO backsolve_app;
  END IF;
END
$$;
