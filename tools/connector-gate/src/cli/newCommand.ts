import type { Command } from 'commander';
import { scaffoldConnector, type ScaffoldResult } from '../scaffold/scaffoldConnector';
import type { CliIo } from './runCli';

interface NewOptions {
  root: string;
  displayName?: string;
  displayNameAr?: string;
  owner?: string;
}

/**
 * Adds `new <key>` to the program: scaffolds a connector package and prints what it wrote and
 * what to do next. A refusal throws a GateError, which the CLI turns into exit code 2.
 */
export function addNewCommand(program: Command, io: CliIo, onDone: () => void): void {
  program
    .command('new')
    .description('scaffold a connector package that passes its tests and `check` as generated')
    .argument('<key>', 'connector key: lower-case letters, digits and _, starting with a letter')
    .option('--root <dir>', 'repository root (with the workspace package.json)', process.cwd())
    .option('--display-name <name>', 'English display name (default: the key in Title Case)')
    .option('--display-name-ar <name>', 'Arabic display name (default: a placeholder to replace)')
    .option('--owner <team>', 'owning team (default: <key>-team)')
    .addHelpText('after', '\nExit codes:\n  0  written\n  2  refused: nothing written')
    .action((key: string, opts: NewOptions) => {
      const result = scaffoldConnector({ key, ...opts });
      io.stdout.write(scaffoldSummary(result));
      onDone();
    });
}

function scaffoldSummary(result: ScaffoldResult): string {
  const files = result.files.map((file) => `  ${file}\n`).join('');
  return `Created ${result.packageName} (connector key "${result.key}") in ${result.packageDir}:
${files}
Next:
  npm install                  link the new workspace package and record it in package-lock.json
  npm run build && npm test --workspace ${result.packageName}
  then work through the TODO list in ${result.packageDir}/README.md
  (docs/authoring-guide.md walks from here to a release)
`;
}
