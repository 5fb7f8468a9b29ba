import { isDlxError, z, type HealthContext, type HealthResult } from '@dealix/connector-core';
import { dataPath, salesforceRequest } from './salesforceApi';
import type { SalesforceConfig, SalesforceState } from './salesforceConfig';

const limits = z
  .object({
    DailyApiRequests: z.object({ Max: z.number(), Remaining: z.number() }),
  })
  .loose();

/**
 * GET /limits: the cheapest authenticated read, and the org's daily API allowance with it. It
 * runs under the runtime's probe signal (its short probe timeout). An org with no API requests
 * left is degraded: every call would be refused until the rolling 24 hours free some.
 */
export async function checkSalesforceHealth(
  ctx: HealthContext<SalesforceConfig, SalesforceState>,
): Promise<HealthResult> {
  try {
    const { DailyApiRequests: daily } = await salesforceRequest(ctx, {
      url: `${dataPath(ctx)}/limits`,
      schema: limits,
    });
    if (daily.Remaining <= 0) {
      return { status: 'degraded', detail: `no daily API requests left (limit ${daily.Max})` };
    }
    return { status: 'ok' };
  } catch (error) {
    // A refused session is thrown: the runtime fetches a new token and probes once more, and
    // reports a second refusal as `error` (a person must fix the app or the credentials).
    if (!isDlxError(error) || error.kind === 'auth') throw error;
    // An off-list instance URL needs a person too; a busy, limited or unreachable org only
    // degrades us.
    const status = error.kind === 'egress_denied' ? 'error' : 'degraded';
    return { status, detail: `limits read failed: ${error.code}` };
  }
}
