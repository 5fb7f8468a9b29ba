/** A create-booking body that passed the checks of CreateBookingInput_2024_08_13. */
export interface BookingInput {
  start: Date;
  eventTypeId: number;
  attendee: {
    name: string;
    email?: string;
    phoneNumber?: string;
    timeZone: string;
    language?: string;
  };
  guests: string[];
  location: unknown;
  metadata: Record<string, string | number | boolean>;
  bookingFieldsResponses: Record<string, unknown>;
  lengthInMinutes?: number;
}

export type BookingInputResult = { ok: true; input: BookingInput } | { ok: false; message: string };

// ISO 8601 date-time whose offset is UTC: Cal.com requires `start` in UTC.
export const UTC_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]00:?00)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const METADATA_MAX_KEYS = 50;
const METADATA_MAX_KEY_LENGTH = 40;
const METADATA_MAX_VALUE_LENGTH = 500;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkAttendee(value: unknown): BookingInput['attendee'] | string {
  if (!isRecord(value)) return 'attendee must be an object';
  const { name, email, phoneNumber, timeZone, language } = value;
  if (typeof name !== 'string' || name.trim() === '') return 'attendee.name must be a string';
  if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone)) {
    return 'attendee.timeZone must be a valid IANA time zone';
  }
  if (email !== undefined && (typeof email !== 'string' || !EMAIL.test(email))) {
    return 'attendee.email must be an email';
  }
  if (phoneNumber !== undefined && (typeof phoneNumber !== 'string' || !E164.test(phoneNumber))) {
    return 'attendee.phoneNumber must be a valid phone number';
  }
  if (email === undefined && phoneNumber === undefined) {
    return 'attendee must have an email or a phoneNumber';
  }
  if (language !== undefined && typeof language !== 'string')
    return 'attendee.language must be a string';
  return {
    name,
    timeZone,
    ...(email === undefined ? {} : { email: email as string }),
    ...(phoneNumber === undefined ? {} : { phoneNumber: phoneNumber as string }),
    ...(language === undefined ? {} : { language: language as string }),
  };
}

function checkMetadata(value: unknown): BookingInput['metadata'] | string {
  if (value === undefined) return {};
  if (!isRecord(value)) return 'metadata must be an object';
  const entries = Object.entries(value);
  if (entries.length > METADATA_MAX_KEYS)
    return `metadata can have at most ${METADATA_MAX_KEYS} keys`;
  const metadata: BookingInput['metadata'] = {};
  for (const [key, item] of entries) {
    if (key.length > METADATA_MAX_KEY_LENGTH) {
      return `metadata key "${key}" is longer than ${METADATA_MAX_KEY_LENGTH} characters`;
    }
    if (typeof item === 'string' && item.length > METADATA_MAX_VALUE_LENGTH) {
      return `metadata value of "${key}" is longer than ${METADATA_MAX_VALUE_LENGTH} characters`;
    }
    if (!['string', 'number', 'boolean'].includes(typeof item)) {
      return `metadata value of "${key}" must be a string, number or boolean`;
    }
    metadata[key] = item as string | number | boolean;
  }
  return metadata;
}

/** Validates a POST /v2/bookings body the way Cal.com's ValidationPipe would refuse it (400). */
export function parseBookingInput(body: unknown): BookingInputResult {
  if (!isRecord(body)) return { ok: false, message: 'request body must be a JSON object' };
  const { start, eventTypeId, guests, lengthInMinutes } = body;
  if (typeof start !== 'string' || !UTC_DATE_TIME.test(start) || Number.isNaN(Date.parse(start))) {
    return {
      ok: false,
      message: 'start must be a valid ISO 8601 date-time in UTC, e.g. 2024-08-13T09:00:00Z',
    };
  }
  if (typeof eventTypeId !== 'number' || !Number.isInteger(eventTypeId) || eventTypeId <= 0) {
    return { ok: false, message: 'eventTypeId must be a positive integer' };
  }
  const attendee = checkAttendee(body.attendee);
  if (typeof attendee === 'string') return { ok: false, message: attendee };
  if (
    guests !== undefined &&
    !(Array.isArray(guests) && guests.every((g) => typeof g === 'string' && EMAIL.test(g)))
  ) {
    return { ok: false, message: 'each value in guests must be an email' };
  }
  const metadata = checkMetadata(body.metadata);
  if (typeof metadata === 'string') return { ok: false, message: metadata };
  if (
    lengthInMinutes !== undefined &&
    !(
      typeof lengthInMinutes === 'number' &&
      Number.isInteger(lengthInMinutes) &&
      lengthInMinutes > 0
    )
  ) {
    return { ok: false, message: 'lengthInMinutes must be a positive integer' };
  }
  const responses = body.bookingFieldsResponses;
  if (responses !== undefined && !isRecord(responses)) {
    return { ok: false, message: 'bookingFieldsResponses must be an object' };
  }
  return {
    ok: true,
    input: {
      start: new Date(start),
      eventTypeId,
      attendee,
      guests: (guests as string[] | undefined) ?? [],
      location: body.location,
      metadata,
      bookingFieldsResponses: responses ?? {},
      ...(lengthInMinutes === undefined ? {} : { lengthInMinutes: lengthInMinutes as number }),
    },
  };
}
