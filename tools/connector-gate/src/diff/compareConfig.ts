import type { ConnectorManifest, ManifestConfigField } from '@dealix/connector-core';
import { sameJson, show, type Change } from './change';

/** The config types whose values are never logged, audited or defaulted. */
const SECRET_TYPES: ReadonlySet<string> = new Set(['secret', 'private_key']);

/** A tenant without a value gets the default, so only a required field without one breaks. */
const demandsValue = (field: ManifestConfigField) => field.required && field.default === undefined;

/**
 * Config fields: removed, newly demanded or retyped fields break existing tenant configs;
 * other changes need a changeset; descriptions are informational. host_pattern widening is
 * judged with allowed_hosts (compareHosts.ts); here any other host_pattern change is recorded.
 */
export function compareConfig(
  base: ConnectorManifest,
  head: ConnectorManifest,
  widenedPaths: ReadonlySet<string>,
): Change[] {
  const changes: Change[] = [];
  for (const [name, before] of Object.entries(base.config)) {
    const path = `config.${name}`;
    const after = head.config[name];
    if (after === undefined) {
      changes.push({
        path,
        rule: 'config_field_removed',
        before,
        message: `config field ${name} removed`,
      });
      continue;
    }
    if (before.type !== after.type) {
      changes.push({
        path: `${path}.type`,
        rule: 'config_field_type_changed',
        before: before.type,
        after: after.type,
        message: `config field ${name} changed type from ${before.type} to ${after.type}`,
      });
      if (SECRET_TYPES.has(before.type) && !SECRET_TYPES.has(after.type)) {
        changes.push({
          path: `${path}.type`,
          rule: 'config_secret_unmarked',
          before: before.type,
          after: after.type,
          message: `config field ${name} is no longer a ${before.type}: its value may now be logged, audited or defaulted`,
        });
      }
    }
    if (!demandsValue(before) && demandsValue(after)) {
      changes.push({
        path: `${path}.required`,
        rule: 'config_field_made_required',
        before: before.required,
        after: after.required,
        message: `config field ${name} is now required and has no default`,
      });
    } else if (before.required !== after.required) {
      changes.push(fieldChange(`${path}.required`, before.required, after.required));
    }
    if (!sameJson(before.default, after.default)) {
      changes.push(fieldChange(`${path}.default`, before.default, after.default));
    }
    const patternPath = `${path}.host_pattern`;
    if (before.host_pattern !== after.host_pattern && !widenedPaths.has(patternPath)) {
      changes.push(fieldChange(patternPath, before.host_pattern, after.host_pattern));
    }
    if (before.description !== after.description) {
      changes.push({
        path: `${path}.description`,
        rule: 'informational',
        before: before.description,
        after: after.description,
        message: `config field ${name} description changed`,
      });
    }
  }
  for (const [name, after] of Object.entries(head.config)) {
    if (Object.hasOwn(base.config, name)) continue;
    const path = `config.${name}`;
    changes.push(
      demandsValue(after)
        ? {
            path,
            rule: 'config_field_added_required',
            after,
            message: `required config field ${name} added without a default`,
          }
        : { path, rule: 'config_field_added', after, message: `config field ${name} added` },
    );
  }
  return changes;
}

function fieldChange(path: string, before: unknown, after: unknown): Change {
  return {
    path,
    rule: 'config_field_changed',
    before,
    after,
    message: `${path} changed from ${show(before)} to ${show(after)}`,
  };
}
