import {
  isDlxError,
  vendorRequest,
  z,
  type HealthContext,
  type HealthResult,
} from '@dealix/connector-core';
import { calApi, calEnvelope } from './calApi';
import type { CalConfig, CalState } from './calConfig';

const me = calEnvelope(z.object({ id: z.number() }));

/**
 * GET /v2/me: the cheapest authenticated read Cal.com has (the key's own user), under the
 * runtime's short probe timeout.
 */
export async function checkCalHealth(
  ctx: HealthContext<CalConfig, CalState>,
): Promise<HealthResult> {
  try {
    await vendorRequest(ctx, { ...calApi(ctx, 'unversioned'), url: '/v2/me', schema: me });
    return { status: 'ok' };
  } catch (error) {
    if (!isDlxError(error)) throw error;
    // A refused key needs a person; a busy or briefly unreachable Cal.com only degrades us.
    const status = error.kind === 'auth' || error.kind === 'egress_denied' ? 'error' : 'degraded';
    return { status, detail: `profile read failed: ${error.code}` };
  }
}
