-- Control schema: tenants, their host names and signing keys. Nothing here holds a
-- tenant's users; those live in the tenant's own schema.
CREATE TABLE tenantauth.tenants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9_]{1,39}$'),
    name text NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    settings jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tenantauth.tenant_hosts (
    host text PRIMARY KEY CHECK (host = lower(host) AND host <> ''),
    tenant_id uuid NOT NULL REFERENCES tenantauth.tenants (id) ON DELETE CASCADE
);

-- HS256 keys, sealed with AES-256-GCM under the key file: a database dump alone
-- cannot mint tokens.
CREATE TABLE tenantauth.signing_keys (
    kid text PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenantauth.tenants (id) ON DELETE CASCADE,
    sealed_secret text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    retired_at timestamptz
);
CREATE INDEX signing_keys_tenant_idx ON tenantauth.signing_keys (tenant_id, created_at DESC);
