import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type * as ESLintModule from 'eslint';
import type { Linter } from 'eslint';
import type * as TsEslintModule from 'typescript-eslint';
import plugin from '../../eslint/plugin.cjs';
import { forgetPackages } from '../../eslint/packageLayers.cjs';
import type { Finding } from '../findings/finding';
import type { RuleId } from '../findings/gateRules';
import type { ConnectorSide } from '../repo/connectorSide';
import { checkFinding } from './checkFinding';
import { subjectOf } from './repoRules';

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** Every source file under a package's src/ (the lint blocks decide which are runtime source). */
function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => SOURCE.test(entry) && !entry.endsWith('.d.ts'))
    .filter((entry) => !entry.split(/[\\/]/).includes('node_modules'))
    .sort()
    .map((entry) => join(dir, entry));
}

/**
 * ESLint and the TypeScript parser, loaded when there is a source file to lint: the diff never
 * lints, and loading them costs about half a second.
 */
function loadLinting(): { Linter: typeof ESLintModule.Linter; parser: Linter.Parser } {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see above */
  const { Linter } = require('eslint') as typeof ESLintModule;
  const { parser } = require('typescript-eslint') as typeof TsEslintModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { Linter, parser: parser as Linter.Parser };
}

/** Which gate rule a lint message of the plugin is. */
function ruleOf(message: Linter.LintMessage): RuleId | undefined {
  if (message.ruleId === 'dealix/package-boundaries') return 'package_boundary';
  if (message.ruleId !== 'dealix/facade-only') return undefined;
  return message.messageId === 'environment' ? 'environment_read' : 'direct_vendor_access';
}

/**
 * Facade-only vendor access, checked on each connector's runtime source (src/, not tests or
 * fixtures) with the same ESLint rules the repository's lint runs: no HTTP client, socket module
 * or vendor SDK unless the manifest lists it in direct_transports, no network globals, no
 * process.env, and no package but core. Each finding names the file and line; a file that does
 * not parse cannot be cleared, so it fails too.
 */
export function vendorAccessFindings(rootDir: string, side: ConnectorSide): Finding[] {
  if (side.manifestText === undefined) return [];
  const files = sourceFiles(join(rootDir, side.dir, 'src'));
  if (files.length === 0) return [];
  forgetPackages();
  const { Linter: LinterClass, parser } = loadLinting();
  const linter = new LinterClass({ cwd: rootDir });
  const config: Linter.Config[] = [
    { languageOptions: { parser } },
    ...plugin.runtimeSourceBlocks({ packages: [side.dir], connectors: [side.dir] }),
  ];
  const findings: Finding[] = [];
  for (const file of files) {
    const where = relative(rootDir, file).split('\\').join('/');
    const messages = linter.verify(readFileSync(file, 'utf8'), config, { filename: file });
    for (const message of messages) {
      const rule = message.fatal ? 'direct_vendor_access' : ruleOf(message);
      if (rule === undefined) continue;
      const text = message.fatal
        ? `${where}:${message.line} does not parse (${message.message}), so it cannot be checked for vendor access`
        : `${where}:${message.line} ${message.message}`;
      findings.push(
        checkFinding(subjectOf(side), rule, text, {
          path: `${where}:${message.line}`,
          line: message.line,
          file: where,
        }),
      );
    }
  }
  return findings;
}
