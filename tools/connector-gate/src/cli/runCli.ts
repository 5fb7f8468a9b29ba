import { appendFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { CORE_VERSION } from '@dealix/connector-core';
import { runCheck } from '../check/runCheck';
import { runDiff } from '../diff/runDiff';
import { isGateError } from '../gateError';
import { OUTPUT_FORMATS, parseFormat, renderReport } from '../render/renderReport';
import { EXIT_ERROR, EXIT_PASS, exitCodeOf, type GateReport } from '../report/gateReport';
import { addNewCommand } from './newCommand';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON outside rootDir, same path from src and dist
const { version } = require('../../package.json') as { version: string };

/** Where the CLI writes; tests pass buffers, the bin passes the process streams. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const EXIT_CODES_HELP = `
Exit codes:
  0  pass: nothing fails
  1  fail: an invalid manifest, a broken repo rule, a breaking change without a major
     changeset, an unacknowledged governance relaxation or a missing changeset
  2  usage or repository error (bad option, unknown git ref, not the repository root; for
     \`new\`, a refused key or name)`;

interface CommonOptions {
  root?: string;
  format: string;
  summaryFile?: string;
}

/**
 * Runs the CLI on `argv` (without node and the script) and resolves with the exit code; never
 * calls process.exit, so it runs in-process in tests and benchmarks.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let report: GateReport | undefined;
  let options: CommonOptions | undefined;
  let scaffolded = false;
  const program = new Command('connector-gate')
    .description('Pull-request gate for Dealix connector metadata.')
    .version(`@dealix/connector-gate ${version}\n@dealix/connector-core ${CORE_VERSION}`)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText('after', EXIT_CODES_HELP);
  const withCommon = (command: Command) =>
    command
      .option('--root <dir>', 'repository root (with the workspace package.json)', process.cwd())
      .addOption(
        new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'),
      )
      .option(
        '--summary-file <file>',
        'also append the Markdown report to this file (e.g. $GITHUB_STEP_SUMMARY)',
      )
      .addHelpText('after', EXIT_CODES_HELP);
  withCommon(program.command('check'))
    .description('validate every connector manifest and the repository rules (run after build)')
    .action((opts: CommonOptions) => {
      options = opts;
      report = runCheck({ root: opts.root });
    });
  withCommon(program.command('diff'))
    .description('classify every connector change between --base and the working tree')
    .requiredOption('--base <ref>', 'git ref to compare with (e.g. origin/main)')
    .option(
      '--acknowledge',
      'a reviewer acknowledged the governance relaxations (CI sets it from a label)',
      false,
    )
    .action(async (opts: CommonOptions & { base: string; acknowledge: boolean }) => {
      options = opts;
      report = await runDiff({ root: opts.root, base: opts.base, acknowledge: opts.acknowledge });
    });
  addNewCommand(program, io, () => (scaffolded = true));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (scaffolded) return EXIT_PASS;
    if (!report || !options) {
      program.outputHelp({ error: true });
      return EXIT_ERROR;
    }
    io.stdout.write(renderReport(report, parseFormat(options.format)));
    if (options.summaryFile) appendFileSync(options.summaryFile, renderReport(report, 'markdown'));
    return exitCodeOf(report);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_ERROR;
    const message = isGateError(error) ? error.message : String((error as Error)?.stack ?? error);
    io.stderr.write(`connector-gate: ${message}\n`);
    return EXIT_ERROR;
  }
}
