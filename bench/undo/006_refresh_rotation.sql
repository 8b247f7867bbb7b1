-- bench/tenancy: undoes sql/tenant/006_refresh_rotation.sql in the tenant schema on
-- the search_path, so that `tenantauthctl migrate` has one real tenant migration to
-- apply to every tenant. Bench-only; never run against a database that matters.
ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_pkey,
    ADD CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash);
ALTER TABLE refresh_tokens ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
    ADD CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id);
ALTER TABLE refresh_tokens RESET (fillfactor);
DROP INDEX refresh_tokens_seeded_idx;
CREATE INDEX refresh_tokens_seed_idx ON refresh_tokens (rotated_at)
    WHERE successor_seed IS NOT NULL;
