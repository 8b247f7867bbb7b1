-- Tenants with mail to send, and when the earliest of it is due. Requests upsert
-- their tenant's row in the transaction that writes the mail; the sender reads only
-- the due rows, so its cost follows the mail, not the number of tenants.
CREATE TABLE tenantauth.mail_queue (
    tenant_id uuid PRIMARY KEY REFERENCES tenantauth.tenants (id) ON DELETE CASCADE,
    due_at timestamptz NOT NULL
);
CREATE INDEX mail_queue_due_idx ON tenantauth.mail_queue (due_at);
