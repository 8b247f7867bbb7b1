-- bench/tenancy: undoes sql/tenant/004_oauth.sql in the tenant schema on the
-- search_path, so that `tenantauthctl migrate` has one real tenant migration to apply
-- to every tenant. Bench-only; never run against a database that matters.
DROP TABLE oauth_pending_logins;
DROP TABLE oauth_states;
DROP TABLE oauth_identities;
