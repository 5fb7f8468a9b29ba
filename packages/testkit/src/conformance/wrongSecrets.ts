import { randomBytes } from 'node:crypto';
import type { ConnectorManifest } from '@dealix/connector-core';

/** The config with each secret replaced by a same-shaped wrong value (vendor prefix kept). */
export function withWrongSecrets(
  manifest: ConnectorManifest,
  config: Record<string, unknown>,
): Record<string, unknown> {
  const wrong = { ...config };
  for (const [field, spec] of Object.entries(manifest.config)) {
    const value = config[field];
    if ((spec.type === 'secret' || spec.type === 'private_key') && typeof value === 'string') {
      const tail = Math.min(12, Math.max(4, Math.floor(value.length / 2)));
      wrong[field] =
        `${value.slice(0, value.length - tail)}${randomBytes(tail).toString('hex').slice(0, tail)}`;
    }
  }
  return wrong;
}
