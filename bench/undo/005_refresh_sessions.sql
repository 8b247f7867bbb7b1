-- bench/tenancy: undoes sql/tenant/005_refresh_sessions.sql in the tenant schema on
-- the search_path, so that `tenantauthctl migrate` has one real tenant migration to
-- apply to every tenant. Bench-only; never run against a database that matters.
DROP INDEX refresh_tokens_seed_idx;
ALTER TABLE refresh_tokens DROP COLUMN successor_seed;
ALTER TABLE refresh_tokens DROP COLUMN family_created_at;
