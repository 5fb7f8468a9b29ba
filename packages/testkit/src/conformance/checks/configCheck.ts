import { hasErrorCode, isDlxError } from '@dealix/connector-core';
import { describeError, withHarness } from '../conformanceHarness';
import type { ConformanceSession } from '../conformanceSession';

function namesField(error: unknown, field: string): boolean {
  if (!isDlxError(error)) return false;
  return error.details?.field === field || error.message.includes(`"${field}"`);
}

/**
 * Registering with any required config field left out fails with a config error naming that
 * field, before the connector can run with half a configuration.
 */
export async function checkRequiredConfig<Sim>(
  session: ConformanceSession<Sim>,
): Promise<string[]> {
  const blockers = session.runtimeBlockers();
  if (blockers.length > 0) return blockers;
  return withHarness(session, 'required config', async (h) => {
    const problems: string[] = [];
    const config = h.handle.config;
    for (const [field, spec] of Object.entries(h.manifest.config)) {
      if (!spec.required || spec.default !== undefined) continue;
      if (config[field] === undefined) {
        problems.push(`startSimulator() gives no value for the required config field "${field}"`);
        continue;
      }
      const without = { ...config };
      delete without[field];
      try {
        await h.register(without, `conformance-without-${field.replace(/_/g, '-')}`);
        problems.push(`the connector registered without the required config field "${field}"`);
      } catch (error) {
        const code = hasErrorCode(error, 'DLX_E_CONFIG_MISSING_SECRET')
          ? 'DLX_E_CONFIG_MISSING_SECRET'
          : hasErrorCode(error, 'DLX_E_CONFIG_INVALID')
            ? 'DLX_E_CONFIG_INVALID'
            : undefined;
        if (code === undefined) {
          problems.push(
            `without "${field}" registration failed with ${describeError(error)}, not DLX_E_CONFIG_MISSING_SECRET or DLX_E_CONFIG_INVALID`,
          );
        } else if (!namesField(error, field)) {
          problems.push(`without "${field}" the ${code} error does not name the field`);
        }
      }
    }
    return problems;
  });
}
