/**
 * The numbered schema migrations, applied in order, each once, each in its own transaction.
 * Never edit or renumber a migration that has shipped: add the next one. A database whose
 * newest applied version is above the last one here was written by newer code and is refused.
 */
export interface SchemaMigration {
  version: number;
  name: string;
  sql: string;
}

export const SCHEMA_MIGRATIONS: readonly SchemaMigration[] = [
  {
    version: 1,
    name: 'governance stores',
    sql: `
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        tenant TEXT NOT NULL,
        actor TEXT NOT NULL,
        connector_key TEXT NOT NULL,
        connector_version TEXT NOT NULL,
        operation TEXT,
        event TEXT NOT NULL,
        outcome TEXT NOT NULL,
        attempt REAL NOT NULL,
        duration_ms REAL NOT NULL,
        correlation_id TEXT NOT NULL,
        idempotency_key TEXT,
        payload_digest TEXT,
        payload TEXT NOT NULL,
        error_code TEXT,
        approval_id TEXT,
        at TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_log_tenant_seq ON audit_log (tenant, seq);
      -- Append-only for our own code; someone with the file can drop these, which verify finds.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      CREATE TABLE idempotency_records (
        tenant TEXT NOT NULL,
        connector TEXT NOT NULL,
        operation TEXT NOT NULL,
        key TEXT NOT NULL,
        payload_digest TEXT NOT NULL,
        state TEXT NOT NULL,
        result TEXT,
        error TEXT,
        created_at INTEGER NOT NULL,
        lease_expires_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (tenant, connector, operation, key)
      );
      CREATE INDEX idempotency_records_expires_at ON idempotency_records (expires_at);

      CREATE TABLE approvals (
        created INTEGER PRIMARY KEY,
        tenant TEXT NOT NULL,
        id TEXT NOT NULL,
        connector TEXT NOT NULL,
        operation TEXT NOT NULL,
        payload_digest TEXT NOT NULL,
        payload_preview TEXT,
        requested_by TEXT NOT NULL,
        requested_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        decided_by TEXT,
        decided_at INTEGER,
        reason TEXT,
        used_at INTEGER,
        correlation_id TEXT NOT NULL,
        UNIQUE (tenant, id)
      );
      CREATE INDEX approvals_tenant_requested_at ON approvals (tenant, requested_at, created);

      CREATE TABLE sync_state (
        tenant TEXT NOT NULL,
        connector TEXT NOT NULL,
        status TEXT NOT NULL,
        last_success_at TEXT,
        last_attempt_at TEXT,
        last_error TEXT,
        consecutive_failures INTEGER NOT NULL,
        PRIMARY KEY (tenant, connector)
      );

      CREATE TABLE outbox_events (
        cursor INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant TEXT NOT NULL,
        connector TEXT NOT NULL,
        event_id TEXT NOT NULL,
        type TEXT NOT NULL,
        occurred_at TEXT,
        received_at TEXT NOT NULL,
        payload TEXT,
        UNIQUE (tenant, connector, event_id)
      );
      CREATE INDEX outbox_events_tenant_cursor ON outbox_events (tenant, cursor);
    `,
  },
  {
    version: 2,
    name: 'vendor objects linked to the calls that created them',
    sql: `
      CREATE TABLE call_links (
        tenant TEXT NOT NULL,
        connector TEXT NOT NULL,
        object_id TEXT NOT NULL,
        correlation_id TEXT NOT NULL,
        operation TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (tenant, connector, object_id)
      );
      ALTER TABLE outbox_events ADD COLUMN correlation_id TEXT;
    `,
  },
  {
    version: 3,
    name: 'unknown outcomes and lease holders',
    sql: `
      ALTER TABLE idempotency_records ADD COLUMN idempotent INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE idempotency_records ADD COLUMN holder_host_id TEXT;
      ALTER TABLE idempotency_records ADD COLUMN holder_boot_id TEXT;
      ALTER TABLE idempotency_records ADD COLUMN unknown_outcome_id TEXT;
      ALTER TABLE idempotency_records ADD COLUMN unknown_at INTEGER;
      ALTER TABLE idempotency_records ADD COLUMN resolution TEXT;
      -- Unknown outcomes recorded before this version get their id now, so a person can resolve them.
      UPDATE idempotency_records
        SET unknown_outcome_id = 'uo_' || lower(hex(randomblob(12))), unknown_at = created_at
        WHERE state = 'outcome_unknown';
      CREATE UNIQUE INDEX idempotency_records_unknown_outcome
        ON idempotency_records (tenant, unknown_outcome_id) WHERE unknown_outcome_id IS NOT NULL;
      CREATE INDEX idempotency_records_state ON idempotency_records (state);

      ALTER TABLE approvals ADD COLUMN used_by_key TEXT;
    `,
  },
  {
    version: 4,
    name: 'keyed audit chain',
    sql: `
      -- Records from keyed_from_seq on are chained with HMAC-SHA256 under DLX_AUDIT_KEY; older
      -- ones keep the unkeyed sha256 format they were written in, so old databases still verify.
      -- The first host that opens the database with the key seals the marker (an HMAC of it),
      -- so the marker cannot be moved to pass keyed records off as unkeyed ones.
      CREATE TABLE audit_chain_format (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        keyed_from_seq INTEGER NOT NULL,
        seal TEXT
      );
      INSERT INTO audit_chain_format (id, keyed_from_seq)
        SELECT 1, COALESCE(MAX(seq), 0) + 1 FROM audit_log;
    `,
  },
  {
    version: 5,
    name: 'approval previews computed by the operation',
    sql: `
      ALTER TABLE approvals ADD COLUMN computed_preview TEXT;
    `,
  },
  {
    version: 6,
    name: 'trace ids on audit records and call links',
    sql: `
      -- NULL on every older row: such a record hashes exactly as before (core's hashChain adds
      -- the trace fields to the hashed text only when one is set), so old databases verify.
      ALTER TABLE audit_log ADD COLUMN trace_id TEXT;
      ALTER TABLE audit_log ADD COLUMN span_id TEXT;
      ALTER TABLE call_links ADD COLUMN trace_id TEXT;
      ALTER TABLE call_links ADD COLUMN span_id TEXT;
    `,
  },
  {
    version: 7,
    name: 'call links pruned by age',
    sql: `
      CREATE INDEX call_links_created_at ON call_links (created_at);
    `,
  },
  {
    version: 8,
    name: 'approvals keep the requesting key',
    sql: `
      ALTER TABLE approvals ADD COLUMN requested_key TEXT;
    `,
  },
  {
    version: 9,
    name: 'idempotency records know a call still queued',
    sql: `
      -- 1 while the holder's call waits for a slot before its first attempt (nothing sent):
      -- such a record left by a crash is released, not made an unknown outcome.
      ALTER TABLE idempotency_records ADD COLUMN queued INTEGER NOT NULL DEFAULT 0;
    `,
  },
];
