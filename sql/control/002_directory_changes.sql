-- Workers keep a snapshot of every tenant. So that an idle check costs the same for
-- ten tenants as for ten thousand, every change to a tenant, its host names or its
-- signing keys stamps the tenant row with a new number from one sequence; a worker
-- asks for (count, max, sum) of the stamps and reloads only the tenants stamped
-- after what it has seen. (A transaction that took its number earlier but commits
-- later changes the sum without raising the max: the worker then reloads all.)
CREATE SEQUENCE tenantauth.directory_seq;

ALTER TABLE tenantauth.tenants
    ADD COLUMN changed_seq bigint NOT NULL DEFAULT nextval('tenantauth.directory_seq');

CREATE FUNCTION tenantauth.stamp_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.changed_seq := nextval('tenantauth.directory_seq');
    RETURN NEW;
END
$$;

CREATE TRIGGER tenants_stamp BEFORE UPDATE ON tenantauth.tenants
    FOR EACH ROW EXECUTE FUNCTION tenantauth.stamp_tenant();

CREATE FUNCTION tenantauth.stamp_parent_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tenantauth.tenants SET changed_seq = nextval('tenantauth.directory_seq')
        WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
    IF TG_OP = 'UPDATE' AND NEW.tenant_id IS DISTINCT FROM OLD.tenant_id THEN
        UPDATE tenantauth.tenants SET changed_seq = nextval('tenantauth.directory_seq')
            WHERE id = OLD.tenant_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tenant_hosts_stamp AFTER INSERT OR UPDATE OR DELETE ON tenantauth.tenant_hosts
    FOR EACH ROW EXECUTE FUNCTION tenantauth.stamp_parent_tenant();
CREATE TRIGGER signing_keys_stamp AFTER INSERT OR UPDATE OR DELETE ON tenantauth.signing_keys
    FOR EACH ROW EXECUTE FUNCTION tenantauth.stamp_parent_tenant();

CREATE INDEX tenants_changed_seq_idx ON tenantauth.tenants (changed_seq);
