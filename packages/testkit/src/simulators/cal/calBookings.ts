import { randomBytes } from 'node:crypto';
import type { BookingInput } from './bookingInput';

export interface CalEventType {
  id: number;
  slug: string;
  title: string;
  lengthInMinutes: number;
}

export interface CalBooking {
  id: number;
  uid: string;
  eventType: CalEventType;
  start: Date;
  end: Date;
  status: 'accepted' | 'cancelled';
  input: BookingInput;
  createdAt: Date;
  cancellationReason?: string;
  /** On a booking made by rescheduling: the booking it replaced. */
  rescheduledFromUid?: string;
  /** On a booking that was rescheduled (now cancelled): the booking that replaced it. */
  rescheduledToUid?: string;
  reschedulingReason?: string;
}

/** The bookings of the simulated account. */
export class CalBookingStore {
  private readonly byUid = new Map<string, CalBooking>();
  private nextId = 1;

  create(
    eventType: CalEventType,
    input: BookingInput,
    now: Date,
    from?: Pick<CalBooking, 'uid'>,
  ): CalBooking {
    const minutes = input.lengthInMinutes ?? eventType.lengthInMinutes;
    const booking: CalBooking = {
      id: this.nextId,
      // Cal.com uids are 22-character URL-safe strings.
      uid: randomBytes(16).toString('base64url'),
      eventType,
      start: input.start,
      end: new Date(input.start.getTime() + minutes * 60_000),
      status: 'accepted',
      input,
      createdAt: now,
      ...(from === undefined ? {} : { rescheduledFromUid: from.uid }),
    };
    this.nextId += 1;
    this.byUid.set(booking.uid, booking);
    return booking;
  }

  get(uid: string): CalBooking | undefined {
    return this.byUid.get(uid);
  }

  /** Accepted bookings overlapping [start, end), but for `except` (a booking being moved). */
  overlapping(start: Date, end: Date, except?: string): CalBooking[] {
    return [...this.byUid.values()].filter(
      (b) => b.status === 'accepted' && b.uid !== except && b.start < end && start < b.end,
    );
  }

  all(): CalBooking[] {
    return [...this.byUid.values()];
  }

  clear(): void {
    this.byUid.clear();
    this.nextId = 1;
  }
}

/** BookingOutput_2024_08_13 as the API returns it. */
export function bookingJson(booking: CalBooking): Record<string, unknown> {
  const { input } = booking;
  return {
    id: booking.id,
    uid: booking.uid,
    title: `${booking.eventType.title} between Simulated Host and ${input.attendee.name}`,
    description: '',
    hosts: [
      { id: 1, name: 'Simulated Host', email: 'host@cal.test', username: 'host', timeZone: 'UTC' },
    ],
    status: booking.status,
    ...(booking.cancellationReason === undefined
      ? {}
      : { cancellationReason: booking.cancellationReason }),
    ...(booking.rescheduledFromUid === undefined
      ? {}
      : { rescheduledFromUid: booking.rescheduledFromUid }),
    ...(booking.rescheduledToUid === undefined
      ? {}
      : { rescheduled: true, rescheduledToUid: booking.rescheduledToUid }),
    ...(booking.reschedulingReason === undefined
      ? {}
      : { reschedulingReason: booking.reschedulingReason }),
    start: booking.start.toISOString(),
    end: booking.end.toISOString(),
    duration: Math.round((booking.end.getTime() - booking.start.getTime()) / 60_000),
    eventTypeId: booking.eventType.id,
    eventType: { id: booking.eventType.id, slug: booking.eventType.slug },
    meetingUrl: `https://cal.test/video/${booking.uid}`,
    location: input.location ?? `https://cal.test/video/${booking.uid}`,
    absentHost: false,
    createdAt: booking.createdAt.toISOString(),
    updatedAt: booking.createdAt.toISOString(),
    metadata: input.metadata,
    attendees: [{ ...input.attendee, language: input.attendee.language ?? 'en', absent: false }],
    guests: input.guests,
    bookingFieldsResponses: {
      name: input.attendee.name,
      ...(input.attendee.email === undefined ? {} : { email: input.attendee.email }),
      ...input.bookingFieldsResponses,
    },
  };
}
