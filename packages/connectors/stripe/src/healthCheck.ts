import {
  isDlxError,
  vendorRequest,
  z,
  type HealthContext,
  type HealthResult,
} from '@dealix/connector-core';
import type { StripeConfig, StripeState } from './stripeConfig';
import { stripeApi } from './stripeRequest';

const balance = z.object({ object: z.literal('balance') });

/**
 * GET /v1/balance: the cheapest authenticated read Stripe has. It runs under the runtime's
 * probe signal (its short probe timeout), so a slow Stripe fails the probe instead of hanging.
 */
export async function checkStripeHealth(
  ctx: HealthContext<StripeConfig, StripeState>,
): Promise<HealthResult> {
  try {
    await vendorRequest(ctx, { ...stripeApi(ctx), url: '/v1/balance', schema: balance });
    return { status: 'ok' };
  } catch (error) {
    if (!isDlxError(error)) throw error;
    // Rejected keys need a person; a busy or briefly unreachable Stripe only degrades us.
    const status = error.kind === 'auth' || error.kind === 'egress_denied' ? 'error' : 'degraded';
    return { status, detail: `balance read failed: ${error.code}` };
  }
}
