import type { ManifestIssue, ManifestIssueCode } from '../manifestIssues';
import { validateManifest, type ManifestValidationResult } from '../validateManifest';

export function issuesOf(result: ManifestValidationResult): ManifestIssue[] {
  if (result.ok) throw new Error('expected the manifest to be rejected, but it was accepted');
  return result.issues;
}

export interface ExpectedIssue {
  code: ManifestIssueCode;
  path: string;
  /** Text of the value found, as the message must quote it. */
  found?: string;
  /** Pieces of "what is allowed" the message must name. */
  allowed?: readonly string[];
}

/**
 * Validates `input` and asserts an issue with this code at this path, whose message names the
 * file, the path, the value found and what is allowed.
 */
export function expectIssue(
  input: unknown,
  expected: ExpectedIssue,
  file = 'connector.json',
): ManifestIssue {
  const issues = issuesOf(validateManifest(input, { file }));
  expect(issues).toContainEqual(
    expect.objectContaining({ code: expected.code, path: expected.path }),
  );
  const issue = issues.find((i) => i.code === expected.code && i.path === expected.path)!;
  expect(issue.message.startsWith(`${file}: ${expected.path}: `)).toBe(true);
  if (expected.found !== undefined) expect(issue.message).toContain(expected.found);
  for (const piece of expected.allowed ?? []) expect(issue.message).toContain(piece);
  return issue;
}

export function expectValid(input: unknown): void {
  const result = validateManifest(input);
  expect(result.ok ? [] : result.issues).toEqual([]);
}
