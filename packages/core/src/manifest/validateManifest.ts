import { formatIssuePath } from './issuePath';
import { describeError, snapshotJson } from './jsonSnapshot';
import { jsonSyntaxErrorOffset } from './jsonSyntaxPosition';
import { firstDuplicateKey } from './jsonDuplicateKeys';
import type { LocatedIssueDetail, ManifestIssue, ManifestIssueDetail } from './manifestIssues';
import { INPUT_LIMITS } from './manifestLimits';
import { DEFAULT_MANIFEST_FILE, renderIssueMessage } from './manifestMessages';
import { manifestSchema, type ConnectorManifest } from './manifestSchema';
import { fieldNamesOf, schemaAt } from './schemaWalk';
import { mapZodIssues } from './zodIssueMapping';

export interface ValidateManifestOptions {
  /** Named in every message; default `connector.json`. */
  file?: string;
}

export type ManifestValidationResult =
  { ok: true; manifest: ConnectorManifest } | { ok: false; issues: ManifestIssue[] };

/**
 * Validates a parsed manifest against the schema and every cross-field rule. Never throws and
 * never hangs: the input is first copied into bounded plain data (jsonSnapshot.ts), so cyclic,
 * deeply nested, huge or hostile objects come back as issues.
 */
export function validateManifest(
  input: unknown,
  options: ValidateManifestOptions = {},
): ManifestValidationResult {
  const file = options.file ?? DEFAULT_MANIFEST_FILE;
  try {
    const snapshot = snapshotJson(input);
    const located: LocatedIssueDetail[] = [...snapshot.issues];
    if (!snapshot.fatal) {
      const result = manifestSchema.safeParse(snapshot.value);
      if (result.success && located.length === 0) return { ok: true, manifest: result.data };
      if (!result.success) {
        located.push(...mapZodIssues(result.error.issues, snapshot.value, manifestSchema));
      }
    }
    return { ok: false, issues: toManifestIssues(file, located) };
  } catch (error) {
    return failure(file, {
      code: 'not_json_data',
      found: `a value that could not be validated (${describeError(error)})`,
    });
  }
}

/**
 * Parses the text of a manifest file and validates it; a syntax error is an `invalid_json`
 * issue naming the parser's position.
 */
export function parseManifestText(
  text: string,
  file: string = DEFAULT_MANIFEST_FILE,
): ManifestValidationResult {
  if (typeof text !== 'string') {
    return failure(file, { code: 'not_json_data', found: `a ${typeof text} instead of text` });
  }
  if (text.length > INPUT_LIMITS.textChars) {
    return failure(file, { code: 'too_large', limit: INPUT_LIMITS.textChars, unit: 'characters' });
  }
  // Editors on some systems write a byte order mark; JSON.parse rejects it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return failure(file, jsonSyntaxDetail(body, error));
  }
  const duplicate = firstDuplicateKey(body);
  if (duplicate !== undefined) {
    const { path, key, line } = duplicate;
    return {
      ok: false,
      issues: toManifestIssues(file, [{ path, detail: { code: 'duplicate_key', key, line } }]),
    };
  }
  return validateManifest(parsed, { file });
}

function failure(file: string, detail: ManifestIssueDetail): ManifestValidationResult {
  return { ok: false, issues: toManifestIssues(file, [{ path: [], detail }]) };
}

function toManifestIssues(file: string, located: readonly LocatedIssueDetail[]): ManifestIssue[] {
  const shown = located.slice(0, INPUT_LIMITS.issues);
  const issues = shown.map(({ path, detail }) => {
    const pathText = formatIssuePath(path);
    return {
      code: detail.code,
      path: pathText,
      message: renderIssueMessage(file, pathText, withAllowedFields(path, detail)),
    };
  });
  const hidden = located.length - shown.length;
  if (hidden > 0) {
    const detail: ManifestIssueDetail = { code: 'too_many_issues', hidden };
    issues.push({
      code: detail.code,
      path: formatIssuePath([]),
      message: renderIssueMessage(file, formatIssuePath([]), detail),
    });
  }
  return issues;
}

// The input copy drops "__proto__" before zod sees it; name the allowed fields here instead.
function withAllowedFields(
  path: LocatedIssueDetail['path'],
  detail: ManifestIssueDetail,
): ManifestIssueDetail {
  if (detail.code !== 'unknown_field' || detail.allowed.length > 0) return detail;
  return { ...detail, allowed: fieldNamesOf(schemaAt(manifestSchema, path.slice(0, -1))) };
}

function jsonSyntaxDetail(text: string, error: unknown): ManifestIssueDetail {
  // Node's messages quote the text around the error, newlines included: keep them on one line.
  const parserMessage = describeError(error)
    .replace(/^SyntaxError: /, '')
    .replace(/\s+/g, ' ')
    .slice(0, 120);
  const offset = jsonSyntaxErrorOffset(text);
  if (offset < 0) return { code: 'invalid_json', parserMessage };
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { code: 'invalid_json', parserMessage, line, column };
}
