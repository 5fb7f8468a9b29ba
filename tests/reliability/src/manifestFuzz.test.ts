import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  MANIFEST_ISSUE_CODES,
  parseManifestText,
  validateManifest,
  type ManifestIssue,
  type ManifestValidationResult,
} from '@dealix/connector-core';
import { discoverConnectors } from './discovery/connectorPackages';
import {
  hostileObject,
  hostileText,
  hugeTexts,
  mutatedCase,
  validCase,
  type Seed,
} from './manifestFuzz/manifestCases';
import { namesPath, pathText } from './manifestFuzz/pathText';

// At least 10,000 manifests, generated from every connector's real manifest: valid variants
// (accepted), local mutations (refused where they break a rule, each issue naming its field)
// and hostile text and objects. Never a throw, never a hang (the slowest case is reported).
const RUNS = { valid: 1_500, mutated: 5_000, hostileText: 3_000, hostileObject: 500 };
// Issues that concern the document as a whole rather than one field of it.
const DOCUMENT_ISSUES = new Set(['invalid_json', 'not_json_data', 'too_large', 'too_many_issues']);
const CODES = new Set<string>(MANIFEST_ISSUE_CODES);

const seeds: Seed[] = discoverConnectors().map((c) => {
  const text = readFileSync(join(c.packageDir, 'connector.json'), 'utf8');
  return { key: c.key, text, doc: JSON.parse(text) };
});

const stats = { cases: 0, refused: 0, slowestMs: 0, slowest: '' };

/** Runs the validator under a stopwatch; a throw fails the case (fast-check shrinks it). */
function timed(label: string, run: () => ManifestValidationResult): ManifestValidationResult {
  const started = performance.now();
  const result = run();
  const ms = performance.now() - started;
  stats.cases++;
  if (!result.ok) stats.refused++;
  if (ms > stats.slowestMs) Object.assign(stats, { slowestMs: ms, slowest: label });
  return result;
}

/**
 * What is wrong with a refusal's issues: each must be coded and worded with its location (the
 * field it names); only document-level problems may sit at the root. Plain checks, one
 * expectation per case: thousands of cases stay fast.
 */
function malformedIssues(
  issues: readonly ManifestIssue[],
  documentLevelAllowed: boolean,
): string[] {
  if (issues.length === 0) return ['a refusal without any issue'];
  const problems: string[] = [];
  for (const issue of issues) {
    if (!CODES.has(issue.code)) problems.push(`unknown code ${issue.code}`);
    if (!issue.message.startsWith(`connector.json: ${issue.path}: `)) {
      problems.push(`a message that does not start with its file and path: ${issue.message}`);
    }
    if (!documentLevelAllowed && issue.path === '(root)' && !DOCUMENT_ISSUES.has(issue.code)) {
      problems.push(`an issue that names no field: ${issue.message}`);
    }
  }
  return problems;
}

describe('manifest fuzzing over every connector manifest', () => {
  afterAll(() => {
    process.stdout.write(
      `manifest fuzzing: ${stats.cases} validations of ${Object.values(RUNS).reduce((a, b) => a + b)} generated manifests (${seeds.map((s) => s.key).join(', ')}), ${stats.refused} refused; slowest ${stats.slowestMs.toFixed(1)} ms (${stats.slowest})\n`,
    );
  });

  it('accepts every valid variant, as text and as data', () => {
    fc.assert(
      fc.property(validCase(seeds), ({ seed, text }) => {
        const result = timed(`valid ${seed.key}`, () => parseManifestText(text));
        expect(result.ok ? [] : result.issues).toEqual([]);
      }),
      { numRuns: RUNS.valid },
    );
  });

  it('refuses each local mutation at the field it broke, every issue naming its field', () => {
    fc.assert(
      fc.property(mutatedCase(seeds), ({ doc, path, mutation }) => {
        const result = timed(`${mutation} at ${pathText(path)}`, () => validateManifest(doc));
        const mutated = pathText(path);
        const mustRefuse = mutation === 'swap_type' || mutation === 'unknown_key';
        const problems: string[] = [];
        if (result.ok && mustRefuse) problems.push('accepted');
        if (!result.ok) {
          problems.push(...malformedIssues(result.issues, false));
          if (mustRefuse && !result.issues.some((i) => namesPath(i.path, mutated))) {
            problems.push(
              `no issue names ${mutated}: ${result.issues.map((i) => i.path).join(', ')}`,
            );
          }
        }
        expect({ mutation, mutated, problems }).toEqual({ mutation, mutated, problems: [] });
      }),
      { numRuns: RUNS.mutated },
    );
  });

  it('never throws on hostile text: broken, deep, huge, odd tokens, duplicate and prototype keys', () => {
    fc.assert(
      fc.property(hostileText(seeds), (text) => {
        const result = timed(`hostile text of ${text.length} chars`, () => parseManifestText(text));
        expect(result.ok ? [] : malformedIssues(result.issues, true)).toEqual([]);
      }),
      { numRuns: RUNS.hostileText },
    );
  });

  it.each(hugeTexts())('never throws on %s', (label, text) => {
    const result = timed(label, () => parseManifestText(text));
    expect(result.ok ? ['accepted'] : malformedIssues(result.issues, true)).toEqual([]);
  });

  it('never throws on hostile objects: cycles, throwing getters and proxies, exotic values', () => {
    fc.assert(
      fc.property(hostileObject(seeds), (value) => {
        const result = timed('hostile object', () => validateManifest(value));
        expect(result.ok ? [] : malformedIssues(result.issues, true)).toEqual([]);
      }),
      { numRuns: RUNS.hostileObject },
    );
  });
});
