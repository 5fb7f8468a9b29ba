import { existsSync } from 'node:fs';
import {
  DlxError,
  GovernanceRuntime,
  formatStartupReport,
  isDlxError,
  type APPROVAL_STATUSES,
} from '@dealix/connector-core';
import { resolveDatabaseTarget, sqliteFileOf, type DatabaseTarget } from '../config/databaseTarget';
import type { HostConfig } from '../config/hostConfig';
import { parsePort } from '../config/listenPort';
import { postgresSettingsOf } from '../config/postgresSettings';
import { loadHostConfig } from '../config/loadHostConfig';
import { startHost, type RunningHost } from '../host';
import { sandboxDatabaseFile } from '../hostDatabase';
import { SANDBOX_TENANT } from '../hostLoaderConfig';
import { auditKeyFor, optionalDataKeys } from '../keys/auditKey';
import type { HostStores } from '../stores/hostStores';
import { openHostStores } from '../stores/openHostStores';

/** Exit codes of every command: 0 ok, 1 the check failed, 2 usage or configuration error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface GlobalOptions {
  config?: string;
  database?: string;
  json?: boolean;
}

/** What a database command works on, resolved once: the config (read once) and its database. */
export interface CliDatabase {
  target: DatabaseTarget;
  config: HostConfig;
  /** The config file's folder (relative paths in it resolve against it). */
  baseDir: string;
  /** The config file, null when there is none (sandbox mode). */
  file: string | null;
  /**
   * The tenants `-t` may name: the config's, or `sandbox` when it has none; undefined when a
   * database is named and the config has no tenants (any tenant's data may be there).
   */
  tenants: readonly string[] | undefined;
}

/**
 * The database a command runs on (--database, DLX_DATABASE, the config), and the config. With
 * no tenant configured the host runs in sandbox mode, on `sandbox.db` beside that database (and
 * its keys file): without --database or DLX_DATABASE the command reads that one, as `npm start`
 * wrote it.
 */
export function databaseForCli(opts: GlobalOptions, io: CliIo): CliDatabase {
  const { config, baseDir, file } = loadHostConfig(opts.config ?? io.env.DLX_CONFIG, io.cwd);
  const target = resolveDatabaseTarget(config, io.env, baseDir, opts.database);
  const configured = Object.keys(config.tenants);
  const named = [opts.database, io.env.DLX_DATABASE].some(
    (v) => v !== undefined && v.trim() !== '',
  );
  if (named || configured.length > 0) {
    return {
      target,
      config,
      baseDir,
      file,
      tenants: configured.length > 0 ? configured : undefined,
    };
  }
  const sandbox: DatabaseTarget = { kind: 'sqlite', file: sandboxDatabaseFile(target, baseDir) };
  return { target: sandbox, config, baseDir, file, tenants: [SANDBOX_TENANT] };
}

/**
 * Refuses (exit 2, saying why) a `-t <tenant>` that names no tenant of the config; undefined
 * when it does. A typo listed nothing and exited 0, as if the tenant had no approvals.
 */
export function refuseUnknownTenant(
  database: CliDatabase,
  tenant: string,
  io: CliIo,
): number | undefined {
  const known = database.tenants;
  if (known === undefined || known.includes(tenant)) return undefined;
  const where = database.file ?? 'sandbox mode (no config file)';
  io.err(`-t: tenant "${tenant}" is not configured in ${where}; its tenants: ${known.join(', ')}`);
  return EXIT.usage;
}

/** The database's stores for a command that writes audit records: DLX_AUDIT_KEY is required. */
export async function openStoresForCli(database: CliDatabase, io: CliIo): Promise<CliStores> {
  const { target, config } = database;
  // These commands act on what a host recorded: a missing file is a wrong path (or no host ran
  // here yet), never a database to create, which then answered "no approvals".
  if (target.kind === 'sqlite' && target.file !== ':memory:' && !existsSync(target.file)) {
    throw new DlxError(
      'DLX_E_CONFIG_INVALID',
      `no database at ${target.file}: this command works on a host's existing database and never creates one; check --config, --database or DLX_DATABASE`,
      { details: { database: target.file } },
    );
  }
  const stores = await openHostStores(target, {
    auditKey: auditKeyFor(io.env, sqliteFileOf(target)),
    postgres: postgresSettingsOf(config, 'dealix-connectors cli'),
  });
  return Object.assign(stores, { target });
}

/** A command's stores, with the database they were opened on. */
export type CliStores = HostStores & { target: DatabaseTarget };

/** A runtime over the CLI's stores, with DLX_DATA_KEYS when set (restricted previews open). */
export function runtimeForCli(stores: CliStores, io: CliIo): GovernanceRuntime {
  const dataKeys = optionalDataKeys(io.env, sqliteFileOf(stores.target));
  return new GovernanceRuntime({ stores, ...(dataKeys && { dataKeys }) });
}

export async function startCommand(
  opts: GlobalOptions & { port?: string; strict?: boolean },
  io: CliIo,
): Promise<RunningHost> {
  return startHost({
    ...(opts.config && { configFile: opts.config }),
    ...(opts.database && { database: opts.database }),
    ...(opts.port !== undefined && { port: parsePort(opts.port, '--port') }),
    ...(opts.strict && { strict: true }),
    env: io.env,
    cwd: io.cwd,
    print: io.out,
  });
}

export async function reportCommand(
  opts: GlobalOptions & { strict?: boolean },
  io: CliIo,
): Promise<number> {
  const host = await startHost({
    ...(opts.config && { configFile: opts.config }),
    ...(opts.database && { database: opts.database }),
    ...(opts.strict && { strict: true }),
    serve: false,
    env: io.env,
    cwd: io.cwd,
    // The command prints the report itself, as text or as JSON.
    print: () => undefined,
    logLevel: 'warn',
  });
  try {
    const report = host.load.report;
    io.out(opts.json ? JSON.stringify(report, null, 2) : formatStartupReport(report));
    if (host.load.fatal) {
      io.err(
        'start would fail: a connector was rejected with --strict (or loader.strict) or with failure policy "abort", or with --strict a tenant configures a connector no package provides',
      );
    }
    // A connector a tenant configures but no package provides is refused like a rejected one:
    // a CI `report` check must not pass a config whose tenant has no working connector.
    return report.entries.some((e) => e.outcome === 'rejected') ||
      host.load.unknownConnectors.length > 0
      ? EXIT.failed
      : EXIT.ok;
  } finally {
    await host.close();
  }
}

/** Approvals straight on the database, through core's approval rules (audited with --as). */
export async function approvalsCommand(
  action: 'list' | 'grant' | 'deny',
  args: {
    tenant: string;
    id?: string;
    as?: string;
    reason?: string;
    status?: (typeof APPROVAL_STATUSES)[number];
  },
  opts: GlobalOptions,
  io: CliIo,
): Promise<number> {
  const database = databaseForCli(opts, io);
  const refused = refuseUnknownTenant(database, args.tenant, io);
  if (refused !== undefined) return refused;
  const stores = await openStoresForCli(database, io);
  const runtime = runtimeForCli(stores, io);
  try {
    if (action === 'list') {
      const list = await runtime.approvals.list(args.tenant, args.status);
      if (opts.json) io.out(JSON.stringify(list, null, 2));
      else if (list.length === 0)
        io.out(
          `no approvals for tenant "${args.tenant}"${args.status ? ` with status ${args.status}` : ''}`,
        );
      else
        for (const a of list)
          io.out(
            `${a.id}  ${a.status.padEnd(8)} ${a.connector}.${a.operation}  requested by ${a.requested_by} at ${new Date(a.requested_at).toISOString()}`,
          );
      return EXIT.ok;
    }
    if (!args.id || !args.as) {
      io.err(`approvals ${action} needs <id> and --as <principal name>`);
      return EXIT.usage;
    }
    if (action === 'deny' && !args.reason) {
      io.err('approvals deny needs --reason');
      return EXIT.usage;
    }
    const record =
      action === 'grant'
        ? await runtime.approvals.grant(args.tenant, args.id, args.as)
        : await runtime.approvals.deny(args.tenant, args.id, args.as, args.reason!);
    io.out(
      opts.json
        ? JSON.stringify(record, null, 2)
        : `approval ${record.id} ${record.status} by ${args.as}`,
    );
    return EXIT.ok;
  } catch (error) {
    if (!isDlxError(error)) throw error;
    io.err(`${error.code}: ${error.message}`);
    return EXIT.failed;
  } finally {
    await runtime.shutdown(0);
    await stores.close();
  }
}
