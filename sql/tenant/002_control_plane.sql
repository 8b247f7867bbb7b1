-- The tenant control plane: API keys, the audit log, login lockout counters and the
-- shared per-minute request counters of the rate limiter.

-- API keys: sk_ + 64 hex, stored only as SHA-256. A revoked key stays listed.
CREATE TABLE api_keys (
    id text PRIMARY KEY CHECK (id ~ '^key_[0-9a-f]{24}$'),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL,
    key_prefix text NOT NULL,
    key_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id, created_at DESC);

-- One row per security-relevant change, written in the transaction of the change.
-- No foreign keys: the record outlives the users it names.
CREATE TABLE audit_events (
    id bigserial PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    type text NOT NULL,
    user_id uuid,
    actor_id uuid,
    client_addr text,
    request_id text,
    details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_created_idx ON audit_events (created_at DESC, id DESC);
CREATE INDEX audit_events_type_idx ON audit_events (type, created_at DESC, id DESC);

-- Failed logins per subject ('user:<id>', 'login:<name>' for unknown accounts,
-- 'addr:<client address>') in the current window, and the lock they led to.
CREATE TABLE login_failures (
    subject text PRIMARY KEY,
    failures integer NOT NULL,
    window_start timestamptz NOT NULL,
    locked_until timestamptz
);

-- Requests granted per subject ('user:<id>', 'key:<id>') and minute, shared by every
-- worker and daemon. Workers take grants in chunks, so this is written once per
-- chunk, not once per request.
CREATE TABLE rate_windows (
    subject text NOT NULL,
    window_start bigint NOT NULL,
    used integer NOT NULL,
    last_grant integer NOT NULL,
    PRIMARY KEY (subject, window_start)
);
