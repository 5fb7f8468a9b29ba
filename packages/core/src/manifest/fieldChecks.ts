import type { z } from 'zod';
import { parseAllowedHost, parseHostPattern } from './hostSyntax';
import type { IssuePathSegment, ManifestIssueDetail } from './manifestIssues';
import { MANIFEST_LIMITS } from './manifestLimits';
import { ARABIC_SCRIPT, TENANT_HOST_PATTERN } from './manifestVocabulary';

/**
 * Reports a manifest issue from inside the zod schema. The detail travels in `params` and is
 * worded by manifestMessages.ts; zod's own message is never shown.
 */
export function reportDetail(
  ctx: z.RefinementCtx,
  path: readonly IssuePathSegment[],
  detail: ManifestIssueDetail,
): void {
  ctx.addIssue({ code: 'custom', path: [...path], message: detail.code, params: { detail } });
}

/** Reads a detail back from a zod custom issue's params. */
export function detailOf(params: unknown): ManifestIssueDetail | undefined {
  if (typeof params !== 'object' || params === null || !('detail' in params)) return undefined;
  return (params as { detail: ManifestIssueDetail }).detail;
}

export function checkUniqueEntries(values: readonly string[], ctx: z.RefinementCtx): void {
  const firstIndex = new Map<string, number>();
  values.forEach((value, index) => {
    const first = firstIndex.get(value);
    if (first === undefined) firstIndex.set(value, index);
    else reportDetail(ctx, [index], { code: 'duplicate', value, firstIndex: first });
  });
}

export function checkNonDecreasing(values: readonly number[], ctx: z.RefinementCtx): void {
  for (let i = 1; i < values.length; i++) {
    const previous = values[i - 1]!;
    if (values[i]! < previous) {
      reportDetail(ctx, [i], { code: 'backoff_order', value: values[i], previous });
    }
  }
}

export function checkArabicScript(value: string, ctx: z.RefinementCtx): void {
  if (value.length > 0 && !ARABIC_SCRIPT.test(value)) {
    reportDetail(ctx, [], { code: 'arabic_name', value });
  }
}

// Over-long entries are already reported as too_long; parsing them would only repeat it.
export function checkAllowedHostSyntax(value: string, ctx: z.RefinementCtx): void {
  if (value.length > MANIFEST_LIMITS.hostLength) return;
  const parsed = parseAllowedHost(value);
  if (!parsed.ok) reportDetail(ctx, [], { code: 'allowed_host', value, problem: parsed.problem });
}

export function checkHostPatternSyntax(value: string, ctx: z.RefinementCtx): void {
  if (value.length > MANIFEST_LIMITS.hostLength || value === TENANT_HOST_PATTERN) return;
  const parsed = parseHostPattern(value);
  if (!parsed.ok) reportDetail(ctx, [], { code: 'host_pattern', value, problem: parsed.problem });
}

/** Size bounds of a map (operations, config): zod records have none of their own. */
export function checkMapSize(min: number, max: number) {
  return (map: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    const size = Object.keys(map).length;
    if (size > max) reportDetail(ctx, [], { code: 'too_many', value: map, max });
    else if (size < min) reportDetail(ctx, [], { code: 'too_few', value: map, min });
  };
}
