-- OAuth sign-in (GitHub, Google): the identities linked to users, the pending
-- authorization requests (state), and logins waiting for a second factor.

-- One row per provider account; a user may hold one account of each provider.
CREATE TABLE oauth_identities (
    provider text NOT NULL CHECK (provider IN ('github', 'google')),
    provider_user_id text NOT NULL,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email text,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, provider_user_id),
    UNIQUE (user_id, provider)
);

-- An authorization request in flight. Only hashes are kept: of the state sent to the
-- provider and of the browser cookie it is bound to (the PKCE verifier is derived
-- from that cookie, so it is not stored either). Single use: the callback deletes it.
CREATE TABLE oauth_states (
    state_hash text PRIMARY KEY,
    provider text NOT NULL,
    browser_hash text NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX oauth_states_expires_idx ON oauth_states (expires_at);

-- A provider login of a user with 2FA on, waiting for the TOTP code
-- (POST /api/auth/oauth/2fa); bound to the browser by its cookie, stored hashed.
CREATE TABLE oauth_pending_logins (
    ticket_hash text PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider text NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX oauth_pending_logins_expires_idx ON oauth_pending_logins (expires_at);
