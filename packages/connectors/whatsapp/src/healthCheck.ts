import {
  isDlxError,
  pathSegment,
  vendorRequest,
  z,
  type HealthContext,
  type HealthResult,
} from '@dealix/connector-core';
import { graphApi } from './graphApi';
import type { WhatsAppConfig, WhatsAppState } from './whatsAppConfig';

const phoneNumber = z.object({ id: z.string() });

/**
 * GET /{version}/{phone_number_id}: the phone number object, the cheapest authenticated read
 * that also proves the token may use this number. It runs under the runtime's probe signal.
 */
export async function checkWhatsAppHealth(
  ctx: HealthContext<WhatsAppConfig, WhatsAppState>,
): Promise<HealthResult> {
  try {
    await vendorRequest(ctx, {
      ...graphApi(ctx),
      url: `/${pathSegment(ctx.config.phone_number_id)}`,
      params: { fields: 'id,display_phone_number,quality_rating' },
      schema: phoneNumber,
    });
    return { status: 'ok' };
  } catch (error) {
    if (!isDlxError(error)) throw error;
    // A refused token or an unknown number needs a person; a busy Graph only degrades us.
    const status = error.kind === 'auth' || error.kind === 'egress_denied' ? 'error' : 'degraded';
    return { status, detail: `phone number read failed: ${error.code}` };
  }
}
