/** src/healthCheck.ts: the health probe, a cheap authenticated read. */
export function healthCheckTemplate(): string {
  return `import {
  isDlxError,
  vendorRequest,
  z,
  type HealthContext,
  type HealthResult,
} from '@dealix/connector-core';
import type { ConnectorConfig, ConnectorState } from './connectorConfig';
import { vendorApi } from './vendorApi';

const account = z.object({ id: z.string() });

/**
 * GET /v1/me (TODO: the vendor's cheapest authenticated read). It runs under the runtime's
 * probe signal (its short probe timeout), so a slow vendor fails the probe instead of hanging.
 */
export async function checkHealth(
  ctx: HealthContext<ConnectorConfig, ConnectorState>,
): Promise<HealthResult> {
  try {
    await vendorRequest(ctx, { ...vendorApi(ctx), url: '/v1/me', schema: account });
    return { status: 'ok' };
  } catch (error) {
    if (!isDlxError(error)) throw error;
    // Refused credentials need a person; a busy or briefly unreachable vendor only degrades us.
    const status = error.kind === 'auth' || error.kind === 'egress_denied' ? 'error' : 'degraded';
    return { status, detail: \`account read failed: \${error.code}\` };
  }
}
`;
}
