#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import {
  APPROVAL_STATUSES,
  CORE_VERSION,
  UNKNOWN_OUTCOME_FILTERS,
  isDlxError,
  type DlxError,
} from '@dealix/connector-core';
import {
  EXIT,
  approvalsCommand,
  reportCommand,
  startCommand,
  type CliIo,
  type GlobalOptions,
} from './commands';
import {
  sandboxShowCommand,
  sandboxTriggerCommand,
  type SandboxClientOptions,
} from './sandboxCommands';
import type * as AuditCommands from './auditCommands';
import { unknownOutcomesCommand } from './unknownOutcomeCommands';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON outside rootDir, same path from src and dist
const { version: HOST_VERSION } = require('../../package.json') as { version: string };

/** What `--version` prints: this host and the core it runs (connectors state the core they need). */
export const VERSION_TEXT = `@dealix/connector-host ${HOST_VERSION}\n@dealix/connector-core ${CORE_VERSION}`;

/**
 * The audit commands, loaded when one runs: they read SQLite on this thread (better-sqlite3 and
 * the audit table), which `start` never does (its stores live in a worker thread).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
const auditCommands = () => require('./auditCommands') as typeof AuditCommands;

/** What a stop may take beyond limits.drain_ms (plugins' shutdown, closing the stores). */
const SHUTDOWN_GRACE_MS = 1_500;

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
/** Every tenant command's `-t`: a tenant the config names (checked by refuseUnknownTenant). */
const TENANT_OPTION = ['-t, --tenant <tenant>', 'the tenant (one of the config)'] as const;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('dealix-connectors')
    .description(
      'The Dealix connectors host: loads connector plugins and serves the governance API and board.',
    )
    .option(
      '-c, --config <file>',
      'host config file (default: dealix-connectors.config.json, or $DLX_CONFIG)',
    )
    .option(
      '--database <file>',
      'a SQLite database file or a postgres:// URL (overrides the config and DLX_DATABASE)',
    )
    .option('--json', 'machine-readable output')
    .version(VERSION_TEXT, '-V, --version', 'print the host and core versions')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 check failed (rejected plugin or unknown configured connector, altered audit log or head mismatch, refused decision), 2 usage or configuration error (a missing DLX_AUDIT_KEY, a missing or unreachable database).\n\nEnvironment: DLX_AUDIT_KEY (base64, >= 32 bytes: keys the audit chain; every host of a database shares it), DLX_DATA_KEYS ("kid:base64,..." AES-256 keys for restricted data; the first encrypts), DLX_CONFIG, DLX_DATABASE, DLX_PORT. A sandbox database keeps its generated keys in <database>.keys.',
    );
  const global = () => program.opts<GlobalOptions>();

  program
    .command('start')
    .description('start the host (sandbox mode when no tenant is configured)')
    .option('-p, --port <port>', 'listen port (0 for any free port)')
    .option(
      '--strict',
      'fail startup when any plugin is rejected or a configured connector is unknown',
    )
    .action(async (opts: { port?: string; strict?: boolean }) => {
      const host = await startCommand({ ...global(), ...opts }, io);
      await new Promise<void>((resolve) => {
        const stop = () => {
          // The stop is bounded by drain_ms; a plugin whose shutdown hangs must not keep the
          // process (and its port) alive past that, so a last-resort timer ends it.
          const backstop = setTimeout(() => {
            io.err(`shutdown took longer than drain_ms + ${SHUTDOWN_GRACE_MS} ms; exiting`);
            process.exit(EXIT.failed);
          }, host.drainMs + SHUTDOWN_GRACE_MS);
          backstop.unref();
          void host.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
  program
    .command('report')
    .description('load every plugin and print the startup report without serving')
    .option('--strict', 'fail when any plugin is rejected or a configured connector is unknown')
    .action(async (opts: { strict?: boolean }) => {
      code = await reportCommand({ ...global(), ...opts }, io);
    });
  const audit = program
    .command('audit')
    .description(
      'the audit log, read-only (never creates or migrates a database): verify needs DLX_AUDIT_KEY',
    );
  audit
    .command('verify')
    .description(
      're-compute the keyed hash chain (HMAC-SHA256 under DLX_AUDIT_KEY) and name the first altered record; exit 1 when altered or cut short of --expect-head, 2 when DLX_AUDIT_KEY is unset, the database does not exist or the --expect-head file cannot be read',
    )
    .option(
      '--expect-head <seq:hash>',
      'an exported head (from "audit head", or @file holding it or an exported {seq,hash,at}) the chain must still hold',
    )
    .action(async (opts: { expectHead?: string }) => {
      code = await auditCommands().auditVerifyCommand({ ...global(), ...opts }, io);
    });
  audit
    .command('head')
    .description('print the chain head as <seq>:<hash>, to keep outside the database')
    .action(async () => {
      code = await auditCommands().auditHeadCommand(global(), io);
    });
  audit
    .command('list')
    .description("list a tenant's audit records, oldest first")
    .requiredOption(...TENANT_OPTION)
    .option('--after <seq>', 'records after this seq (default 0)')
    .option('--limit <n>', 'at most this many (default 100)')
    .action(async (opts: { tenant: string; after?: string; limit?: string }) => {
      code = await auditCommands().auditListCommand({ ...global(), ...opts }, io);
    });
  const approvals = program.command('approvals').description('list and decide approval requests');
  approvals
    .command('list')
    .requiredOption(...TENANT_OPTION)
    // The statuses the HTTP route takes: another value is a usage error, not an empty list.
    .addOption(
      new Option('-s, --status <status>', 'only the requests with this status').choices(
        APPROVAL_STATUSES,
      ),
    )
    .action(async (opts: { tenant: string; status?: (typeof APPROVAL_STATUSES)[number] }) => {
      code = await approvalsCommand('list', opts, global(), io);
    });
  for (const action of ['grant', 'deny'] as const) {
    const cmd = approvals
      .command(`${action} <id>`)
      .requiredOption(...TENANT_OPTION)
      .requiredOption('--as <principal>', 'the deciding principal (recorded in the audit log)');
    if (action === 'deny') cmd.requiredOption('-r, --reason <reason>');
    cmd.action(async (id: string, opts: { tenant: string; as: string; reason?: string }) => {
      code = await approvalsCommand(action, { ...opts, id }, global(), io);
    });
  }

  const sandbox = program
    .command('sandbox')
    .description('drive a host running in sandbox mode (simulators, webhook secrets, deliveries)');
  const client = (cmd: Command) =>
    cmd
      .option('--url <url>', 'the running host (default $DLX_URL, else http://127.0.0.1:4100)')
      .option('--token <token>', 'the operator token the host printed (default $DLX_TOKEN)');
  client(sandbox.command('show'))
    .description("each sandbox connector's simulator URL, fault API, webhook URL and secrets")
    .action(async (opts: SandboxClientOptions) => {
      code = await sandboxShowCommand({ ...opts, json: global().json }, io);
    });
  client(sandbox.command('trigger <key> <webhook_event>'))
    .description(
      "make the connector's simulator send a signed delivery of a manifest webhook event",
    )
    .action(async (key: string, event: string, opts: SandboxClientOptions) => {
      code = await sandboxTriggerCommand(key, event, { ...opts, json: global().json }, io);
    });
  const unknown = program
    .command('unknown-outcomes')
    .description(
      'list, show and resolve calls that may have reached the vendor with no known result (a repeat of a non-idempotent one is refused until resolved)',
    );
  unknown
    .command('list')
    .requiredOption(...TENANT_OPTION)
    .addOption(
      new Option('-s, --status <status>', 'unresolved ones, resolved ones or both')
        .choices(UNKNOWN_OUTCOME_FILTERS)
        .default('unresolved'),
    )
    .action(async (opts: { tenant: string; status: (typeof UNKNOWN_OUTCOME_FILTERS)[number] }) => {
      code = await unknownOutcomesCommand('list', opts, global(), io);
    });
  unknown
    .command('show <id>')
    .description('one unknown outcome by the unknown_outcome_id a failed call carried')
    .requiredOption(...TENANT_OPTION)
    .action(async (id: string, opts: { tenant: string }) => {
      code = await unknownOutcomesCommand('show', { ...opts, id }, global(), io);
    });
  unknown
    .command('resolve <id>')
    .description('record what happened at the vendor (audited as unknown_outcome_resolved)')
    .requiredOption(...TENANT_OPTION)
    .requiredOption('--as <name>', 'the approver resolving it (recorded in the audit log)')
    .requiredOption('--outcome <outcome>', 'succeeded or failed')
    .option(
      '--output <json|@file>',
      "with succeeded: the operation's output as the vendor shows it (checked against its schema)",
    )
    .requiredOption('--note <text>', 'why: what was checked at the vendor')
    .action(
      async (
        id: string,
        opts: { tenant: string; as: string; outcome: string; output?: string; note: string },
      ) => {
        code = await unknownOutcomesCommand('resolve', { ...opts, id }, global(), io);
      },
    );

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (isDlxError(error)) {
      io.err(`${error.code}: ${error.message}`);
      // A reader of --json output gets the error in JSON too, not an empty stdout.
      if (argv.includes('--json')) io.out(JSON.stringify({ ok: false, error: error.toJSON() }));
      return exitCodeOf(error);
    }
    throw error;
  }
}

/**
 * A command that could not run gets 2, like a usage error: a config mistake, bad input, or a
 * database that cannot be reached or read (down, wrong password, no such database). 1 stays
 * the command's own verdict ("altered", "refused"), so a monitor never reads an outage as
 * tampering.
 */
function exitCodeOf(error: DlxError): number {
  if (error.kind === 'config' || error.kind === 'validation') return EXIT.usage;
  return error.code === 'DLX_E_STORE_FAILURE' ? EXIT.usage : EXIT.failed;
}

/** The process entry: the bin shim (bin/dealix-connectors.js) and `node dist/cli/main.js` call it. */
export function runFromProcess(): void {
  const out = writerTo(process.stdout);
  const err = writerTo(process.stderr);
  main(process.argv.slice(2), {
    out: (t) => out(`${t}\n`),
    err: (t) => err(`${t}\n`),
    env: process.env,
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

/**
 * Writes to stdout or stderr until its reader goes away. A reader that stops early
 * (`| head -1`) closes the pipe and the next write fails with EPIPE, emitted as an 'error' event:
 * unhandled, it ended the process with a stack and exit code 1, which `audit verify` uses for
 * "altered". Nobody reads what the command prints after that, so it is dropped, and the command
 * finishes (closing its database) and exits with its own code.
 */
function writerTo(stream: NodeJS.WriteStream): (text: string) => void {
  let readerGone = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // Once the pipe is gone, a write still queued fails as "destroyed": the same closed reader.
    if (error.code !== 'EPIPE' && !readerGone) throw error;
    readerGone = true;
  });
  return (text) => {
    if (!readerGone && !stream.destroyed) stream.write(text);
  };
}

if (require.main === module) runFromProcess();
