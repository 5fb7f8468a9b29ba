import type { z } from 'zod';
import { detailOf } from './fieldChecks';
import { valueAtPath } from './issuePath';
import type { IssuePathSegment, LocatedIssueDetail, ManifestIssueDetail } from './manifestIssues';
import { describeExpected, fieldNamesOf, formatRuleOf, schemaAt } from './schemaWalk';

type ZodIssue = z.core.$ZodIssue;

/**
 * Turns zod's issues into manifest issue details. `input` is the plain data zod parsed: the
 * value found at each path is read from it, and `root` tells what each path expects.
 */
export function mapZodIssues(
  issues: readonly ZodIssue[],
  input: unknown,
  root: z.ZodType,
): LocatedIssueDetail[] {
  const located: LocatedIssueDetail[] = [];
  for (const issue of issues) {
    const path = issue.path.filter(
      (s): s is IssuePathSegment => typeof s === 'string' || typeof s === 'number',
    );
    if (issue.code === 'unrecognized_keys') {
      const allowed = fieldNamesOf(schemaAt(root, path));
      for (const field of issue.keys) {
        located.push({ path: [...path, field], detail: { code: 'unknown_field', field, allowed } });
      }
      continue;
    }
    located.push({ path, detail: detailFor(issue, path, input, root) });
  }
  return located;
}

function detailFor(
  issue: ZodIssue,
  path: IssuePathSegment[],
  input: unknown,
  root: z.ZodType,
): ManifestIssueDetail {
  const found = valueAtPath(input, path);
  const value = found.present ? found.value : undefined;
  const expected = () => describeExpected(schemaAt(root, path));
  // zod reports an absent required field as a bad type, or a bad value for enums and literals.
  const absentField =
    !found.present && issue.code !== 'custom' && issue.code !== 'invalid_key' && path.length > 0;
  if (absentField) return { code: 'missing_field', expected: expected() };
  switch (issue.code) {
    case 'invalid_type':
    case 'invalid_union':
      return { code: 'invalid_type', value, expected: expected() };
    case 'invalid_value':
      return { code: 'invalid_value', value, allowed: issue.values };
    case 'invalid_format':
      return {
        code: 'invalid_format',
        value,
        rule: issue.format === 'regex' ? formatRuleOf(issue.pattern) : { pattern: issue.format },
      };
    case 'too_big':
      if (issue.origin === 'string') return { code: 'too_long', value, max: Number(issue.maximum) };
      if (issue.origin === 'array') return { code: 'too_many', value, max: Number(issue.maximum) };
      return { code: 'out_of_range', value, expected: expected() };
    case 'too_small':
      if (issue.origin === 'string')
        return { code: 'too_short', value, min: Number(issue.minimum) };
      if (issue.origin === 'array') return { code: 'too_few', value, min: Number(issue.minimum) };
      return { code: 'out_of_range', value, expected: expected() };
    case 'invalid_key':
      return keyDetail(issue.issues[0], path[path.length - 1]);
    case 'custom':
      return detailOf(issue.params) ?? { code: 'invalid_value', value, allowed: [] };
    default:
      return { code: 'invalid_value', value, allowed: [] };
  }
}

/** A map key (operation or config field name) that breaks the name rules. */
function keyDetail(
  inner: z.core.$ZodIssueBase | undefined,
  key: IssuePathSegment | undefined,
): ManifestIssueDetail {
  const issue = inner as ZodIssue | undefined;
  if (issue?.code === 'too_big')
    return { code: 'too_long', value: key, max: Number(issue.maximum) };
  const pattern = issue?.code === 'invalid_format' ? issue.pattern : undefined;
  return {
    code: 'invalid_format',
    value: key,
    rule: pattern === undefined ? 'snake_name' : formatRuleOf(pattern),
  };
}
