-- One tenant's data. Runs with search_path set to the tenant's schema (SET LOCAL in
-- the migrating transaction) and never names another schema.
CREATE TABLE plans (
    id text PRIMARY KEY,
    name text NOT NULL,
    max_api_keys integer NOT NULL CHECK (max_api_keys >= 0),
    requests_per_minute integer NOT NULL CHECK (requests_per_minute > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO plans (id, name, max_api_keys, requests_per_minute) VALUES ('free', 'Free', 5, 600);

CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL,
    username text,
    full_name text,
    avatar_url text,
    password_hash text,
    email_verified boolean NOT NULL DEFAULT false,
    authority text NOT NULL DEFAULT 'USER' CHECK (authority IN ('USER', 'DEVELOPER', 'ADMIN')),
    plan_id text NOT NULL DEFAULT 'free' REFERENCES plans (id),
    disabled boolean NOT NULL DEFAULT false,
    totp_secret text,               -- sealed (AES-256-GCM), never plain
    totp_pending_secret text,       -- sealed; becomes totp_secret when a code verifies
    totp_enabled boolean NOT NULL DEFAULT false,
    totp_last_step bigint,          -- last accepted RFC 6238 step: replay guard
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

-- Opaque refresh tokens, stored as SHA-256. A family is every token descending
-- from one login; presenting a rotated token revokes its family.
CREATE TABLE refresh_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    family_id uuid NOT NULL,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    rotated_at timestamptz,
    revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

CREATE TABLE recovery_codes (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash text NOT NULL,
    used_at timestamptz,
    PRIMARY KEY (user_id, code_hash)
);
