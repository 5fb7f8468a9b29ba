import { defineConnector } from '@dealix/connector-core';
import { calConfig, type CalState } from './calConfig';
import { checkCalHealth } from './healthCheck';
import { cancelBooking } from './operations/cancelBooking';
import { createBooking } from './operations/createBooking';
import { getBooking } from './operations/getBooking';
import { listSlots } from './operations/listSlots';
import { rescheduleBooking } from './operations/rescheduleBooking';
import { CAL_WEBHOOK_EVENT_SCHEMAS } from './webhookEventSchemas';
import { verifyCalWebhook } from './webhooks';

/**
 * The Cal.com connector plugin (key `cal`, API v2): lists free slots and books, reads, moves
 * and cancels bookings under governance; Cal.com's signed booking webhooks become audit events.
 */
export const connector = defineConnector({
  key: 'cal',
  config: calConfig,
  // Cal.com has no idempotency key: the manifest marks its creating writes not idempotent.
  http: { sensitiveHeaders: ['x-cal-signature-256'] },
  initialize: async (): Promise<CalState> => undefined,
  operations: {
    list_slots: listSlots,
    create_booking: createBooking,
    get_booking: getBooking,
    reschedule_booking: rescheduleBooking,
    cancel_booking: cancelBooking,
  },
  healthCheck: checkCalHealth,
  verifyWebhook: verifyCalWebhook,
  webhookEvents: CAL_WEBHOOK_EVENT_SCHEMAS,
});

export type { CalConfig } from './calConfig';
export { CAL_API_VERSIONS } from './calApi';
export { CAL_WEBHOOK_EVENTS } from './webhooks';
export { COMPENSATION_REASON } from './operations/createBooking';
