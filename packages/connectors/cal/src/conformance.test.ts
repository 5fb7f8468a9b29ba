import { join } from 'node:path';
import { httpFaultInjector, runConformance, type CalSimulator } from '@dealix/connector-testkit';
import {
  ATTENDEE,
  bookingPayload,
  calDelivery,
  seedBooking,
  startCalSimulator,
} from './__fixtures__/calHarness';
import { connector } from './index';

/** The Cal.com trigger each webhook event of the manifest comes from. */
const TRIGGER_OF_EVENT: Record<string, string> = {
  cal_booking_created: 'BOOKING_CREATED',
  cal_booking_rescheduled: 'BOOKING_RESCHEDULED',
  cal_booking_cancelled: 'BOOKING_CANCELLED',
};

/** The simulator route each operation's faults go to (cancel_booking reads the booking first). */
const ROUTES: Record<string, string> = {
  list_slots: 'cal.slots',
  create_booking: 'cal.bookings.create',
  get_booking: 'cal.bookings.get',
  reschedule_booking: 'cal.bookings.reschedule',
  cancel_booking: 'cal.bookings.get',
};

runConformance<CalSimulator>({
  packageDir: join(__dirname, '..'),
  plugin: connector,
  startSimulator: startCalSimulator,
  samples: {
    list_slots: {
      input: { event_type_id: 1, start: '2050-09-05', end: '2050-09-06', time_zone: 'Asia/Riyadh' },
    },
    create_booking: {
      input: { event_type_id: 1, start: '2050-09-05T10:00:00Z', attendee: ATTENDEE },
      sideEffect: { counter: 'bookings_created', delta: 1 },
    },
    get_booking: { prepare: async (sim) => ({ booking_uid: await seedBooking(sim) }) },
    reschedule_booking: {
      prepare: async (sim) => ({
        booking_uid: await seedBooking(sim),
        start: '2050-10-01T11:00:00Z',
        reason: 'The customer asked for later',
      }),
      sideEffect: { counter: 'bookings_rescheduled', delta: 1 },
    },
    cancel_booking: {
      prepare: async (sim) => ({ booking_uid: await seedBooking(sim), reason: 'Duplicate' }),
      sideEffect: { counter: 'bookings_cancelled', delta: 1 },
    },
  },
  counter: (sim, name) => sim.counters.get(name),
  requestCount: (sim) => sim.server.requests.length,
  injectFault: httpFaultInjector(ROUTES),
  webhooks: {
    signatureHeader: 'X-Cal-Signature-256',
    delivery: async (sim, { type }) =>
      calDelivery(sim, TRIGGER_OF_EVENT[type]!, bookingPayload(await seedBooking(sim))),
  },
});
