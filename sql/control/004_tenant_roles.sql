-- Each tenant's schema is owned by a PostgreSQL role of its own (NOLOGIN), and the
-- daemon runs each tenant statement as that role (SET LOCAL ROLE): a statement that
-- names another tenant's schema is refused by PostgreSQL itself. The name is
-- 'ta' || the database's OID || '_' || slug, so two tenantauth databases in one
-- cluster never share a role. NULL until `tenantauthctl migrate` gave the tenant its
-- role; the daemon refuses to start while any tenant has none.
ALTER TABLE tenantauth.tenants ADD COLUMN db_role text UNIQUE;
