import fc from 'fast-check';
import { timeZone, utcDateTime } from './bookingSchemas';

const instant = fc.date({
  min: new Date('1970-01-01T00:00:00Z'),
  max: new Date('2999-12-31T23:59:59Z'),
  noInvalidDate: true,
});

describe('the validators of booking inputs', () => {
  it('accept every UTC instant written with Z, with or without seconds and milliseconds', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const iso = at.toISOString();
        expect(utcDateTime.safeParse(iso).success).toBe(true);
        expect(utcDateTime.safeParse(iso.replace(/\.\d{3}Z$/, 'Z')).success).toBe(true);
        expect(utcDateTime.safeParse(iso.replace(/:\d{2}\.\d{3}Z$/, 'Z')).success).toBe(true);
      }),
    );
  });

  it('refuse the same instant written with any offset or none: Cal.com wants UTC', () => {
    const offset = fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 14 }));
    fc.assert(
      fc.property(instant, offset, (at, [sign, hours]) => {
        const local = at.toISOString().replace('Z', '');
        expect(utcDateTime.safeParse(local).success).toBe(false);
        const zone = `${sign}${String(hours).padStart(2, '0')}:00`;
        expect(utcDateTime.safeParse(`${local}${zone}`).success).toBe(false);
      }),
    );
  });

  it('accept every zone the runtime knows and refuse made-up ones', () => {
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      expect([zone, timeZone.safeParse(zone).success]).toEqual([zone, true]);
    }
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z][a-z]{3,8}\/[A-Z][a-z]{3,8}x$/), (made) => {
        expect(timeZone.safeParse(made).success).toBe(false);
      }),
    );
  });
});
