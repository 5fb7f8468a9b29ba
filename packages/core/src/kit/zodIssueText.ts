import type { z } from 'zod';

/** zod issues as one line: `path: message; path: message` (`(root)` for the value itself). */
export function zodIssueText(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
