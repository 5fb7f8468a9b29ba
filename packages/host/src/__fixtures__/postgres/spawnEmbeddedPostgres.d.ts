/** A running embedded PostgreSQL (see embeddedPostgresMain.mjs). */
export interface EmbeddedPostgresServer {
  port: number;
  /** The superuser's password: a secret like any other, for scrubbing tests. */
  password: string;
  /** A connection URL with the password (default database `postgres`). */
  url(database?: string): string;
  /** Creates an empty database and resolves with its URL. */
  createDatabase(prefix?: string): Promise<string>;
  /** Stops the server and deletes its data folder. */
  stop(): Promise<void>;
}

export function spawnEmbeddedPostgres(options?: {
  /** fsync on, as in production (the benchmark); tests run without it. */
  durable?: boolean;
  startTimeoutMs?: number;
}): Promise<EmbeddedPostgresServer>;
