import type { ConnectorManifest, ManifestSuggestedLimits } from '@dealix/connector-core';
import { show, type Change } from './change';

const LIMIT_FIELDS: ReadonlyArray<keyof ManifestSuggestedLimits> = [
  'max_concurrency',
  'max_requests_per_second',
  'max_queue',
];

/**
 * suggested_limits, field by field: a value that went up, or one dropped (the host default
 * applies, which may be no limit at all), lets more calls reach the vendor or wait, so it is a
 * relaxation; a value that went down or was added is stricter.
 */
export function compareSuggestedLimits(base: ConnectorManifest, head: ConnectorManifest): Change[] {
  const changes: Change[] = [];
  for (const field of LIMIT_FIELDS) {
    const before = base.suggested_limits?.[field];
    const after = head.suggested_limits?.[field];
    if (before === after) continue;
    const path = `suggested_limits.${field}`;
    const raised = after === undefined || (before !== undefined && after > before);
    changes.push(
      raised
        ? {
            path,
            rule: 'limits_raised',
            before,
            after,
            message: `${path} ${after === undefined ? 'dropped' : 'raised'} from ${show(before)} to ${show(after)}`,
          }
        : {
            path,
            rule: 'governance_tightened',
            before,
            after,
            message: `${path} ${show(before)} → ${show(after)} (stricter)`,
          },
    );
  }
  return changes;
}
