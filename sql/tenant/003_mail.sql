-- Password reset and email verification tokens, and the mail outbox they write to.

-- One-time tokens: 256 random bits handed out in a mail link, stored only as SHA-256.
-- used_at marks a token spent (or voided by a newer request); rows stay until the
-- janitor prunes them, so the per-address mail limit can count recent requests.
CREATE TABLE one_time_tokens (
    token_hash text PRIMARY KEY,
    purpose text NOT NULL CHECK (purpose IN ('reset_password', 'verify_email')),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email text NOT NULL,            -- the address the link went to
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
CREATE INDEX one_time_tokens_user_idx ON one_time_tokens (user_id, purpose, created_at);
CREATE INDEX one_time_tokens_expires_idx ON one_time_tokens (expires_at);

-- Mail written in the transaction of the change that caused it; a sender thread
-- delivers it (claiming rows with FOR UPDATE SKIP LOCKED) and retries with back-off.
-- The body holds a live token, so it is sealed (AES-256-GCM) and cleared once sent.
CREATE TABLE mail_outbox (
    id bigserial PRIMARY KEY,
    kind text NOT NULL,             -- reset_password | verify_email
    recipient text NOT NULL,
    subject text NOT NULL,
    body_sealed text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error text,
    sent_at timestamptz,
    failed_at timestamptz
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at)
    WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX mail_outbox_done_idx ON mail_outbox (coalesce(sent_at, failed_at))
    WHERE sent_at IS NOT NULL OR failed_at IS NOT NULL;
