import type { IssuePathSegment } from './manifestIssues';
import { ROOT_PATH_TEXT } from './manifestMessages';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_SEGMENT_CHARS = 60;

/**
 * `operations.create_payment_intent.retry_backoff_ms[1]`; names that are not identifiers are
 * quoted in brackets (`config["a.b"]`) and long ones cut, so a path always reads back.
 */
export function formatIssuePath(path: readonly IssuePathSegment[]): string {
  if (path.length === 0) return ROOT_PATH_TEXT;
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment) && segment.length <= MAX_SEGMENT_CHARS) {
      text += text === '' ? segment : `.${segment}`;
    } else {
      const cut =
        segment.length > MAX_SEGMENT_CHARS ? `${segment.slice(0, MAX_SEGMENT_CHARS)}...` : segment;
      text += `[${JSON.stringify(cut)}]`;
    }
  }
  return text;
}

export type LookedUpValue = { present: true; value: unknown } | { present: false };

/** The value at `path` in plain JSON data; own properties only. */
export function valueAtPath(root: unknown, path: readonly IssuePathSegment[]): LookedUpValue {
  let current: unknown = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return { present: false };
    if (!Object.hasOwn(current, segment)) return { present: false };
    current = (current as Record<string | number, unknown>)[segment];
  }
  return { present: true, value: current };
}
