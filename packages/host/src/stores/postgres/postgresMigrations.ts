import type { SchemaMigration } from '../migrations';

/**
 * The PostgreSQL schema, numbered like SQLite's (its own line: the two databases differ where
 * their engines do). Never edit or renumber a migration that has shipped: add the next one.
 * The tables hold the same columns as SQLite's, so rows convert the same way; what differs:
 * the audit chain is keyed from its first record (no legacy format to mark), and an outbox
 * event records the transaction that wrote it (its cursor: see postgresOutboxStore.ts).
 */
export const POSTGRES_MIGRATIONS: readonly SchemaMigration[] = [
  {
    version: 1,
    name: 'governance stores',
    sql: `
      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY,
        tenant text NOT NULL,
        actor text NOT NULL,
        connector_key text NOT NULL,
        connector_version text NOT NULL,
        operation text,
        event text NOT NULL,
        outcome text NOT NULL,
        attempt double precision NOT NULL,
        duration_ms double precision NOT NULL,
        correlation_id text NOT NULL,
        idempotency_key text,
        payload_digest text,
        payload text NOT NULL,
        error_code text,
        approval_id text,
        at text NOT NULL,
        trace_id text,
        span_id text,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE INDEX audit_log_tenant_seq ON audit_log (tenant, seq);
      -- trace_id/span_id: NULL for an untraced record, which then hashes as before they existed.
      -- Append-only for our own code; someone with database rights can drop this, which verify finds.
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

      CREATE TABLE idempotency_records (
        tenant text NOT NULL,
        connector text NOT NULL,
        operation text NOT NULL,
        key text NOT NULL,
        payload_digest text NOT NULL,
        state text NOT NULL,
        idempotent smallint NOT NULL,
        result text,
        error text,
        created_at bigint NOT NULL,
        lease_expires_at bigint NOT NULL,
        holder_host_id text,
        holder_boot_id text,
        expires_at bigint NOT NULL,
        unknown_outcome_id text,
        unknown_at bigint,
        resolution text,
        PRIMARY KEY (tenant, connector, operation, key)
      );
      CREATE INDEX idempotency_records_expires_at ON idempotency_records (expires_at);
      CREATE INDEX idempotency_records_in_progress ON idempotency_records (lease_expires_at)
        WHERE state = 'in_progress';
      CREATE UNIQUE INDEX idempotency_records_unknown_outcome
        ON idempotency_records (tenant, unknown_outcome_id) WHERE unknown_outcome_id IS NOT NULL;

      CREATE TABLE approvals (
        created bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant text NOT NULL,
        id text NOT NULL,
        connector text NOT NULL,
        operation text NOT NULL,
        payload_digest text NOT NULL,
        payload_preview text,
        computed_preview text,
        requested_by text NOT NULL,
        requested_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        status text NOT NULL,
        decided_by text,
        decided_at bigint,
        reason text,
        used_at bigint,
        used_by_key text,
        correlation_id text NOT NULL,
        UNIQUE (tenant, id)
      );
      CREATE INDEX approvals_tenant_requested_at ON approvals (tenant, requested_at, created);

      CREATE TABLE sync_state (
        tenant text NOT NULL,
        connector text NOT NULL,
        status text NOT NULL,
        last_success_at text,
        last_attempt_at text,
        last_error text,
        consecutive_failures integer NOT NULL,
        PRIMARY KEY (tenant, connector)
      );

      -- txid: the writing transaction. Rows commit out of id order, so a consumer's position
      -- is (txid, id), and only rows of transactions older than every running one are listed.
      CREATE TABLE outbox_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        tenant text NOT NULL,
        connector text NOT NULL,
        event_id text NOT NULL,
        type text NOT NULL,
        occurred_at text,
        received_at text NOT NULL,
        payload text,
        correlation_id text,
        UNIQUE (tenant, connector, event_id)
      );
      CREATE INDEX outbox_events_tenant_position ON outbox_events (tenant, txid, id);
      CREATE INDEX outbox_events_received_at ON outbox_events (received_at);

      CREATE TABLE call_links (
        tenant text NOT NULL,
        connector text NOT NULL,
        object_id text NOT NULL,
        correlation_id text NOT NULL,
        operation text NOT NULL,
        created_at text NOT NULL,
        trace_id text,
        span_id text,
        PRIMARY KEY (tenant, connector, object_id)
      );
    `,
  },
  {
    version: 2,
    name: 'call links pruned by age',
    sql: `
      CREATE INDEX call_links_created_at ON call_links (created_at);
    `,
  },
  {
    version: 3,
    name: 'approvals keep the requesting key',
    sql: `
      ALTER TABLE approvals ADD COLUMN requested_key text;
    `,
  },
  {
    version: 4,
    name: 'idempotency records know a call still queued',
    sql: `
      -- 1 while the holder's call waits for a slot before its first attempt (nothing sent):
      -- such a record left by a crash is released, not made an unknown outcome.
      ALTER TABLE idempotency_records ADD COLUMN queued smallint NOT NULL DEFAULT 0;
    `,
  },
];
