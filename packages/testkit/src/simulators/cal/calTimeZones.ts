const pad = (n: number) => String(n).padStart(2, '0');

/** Minutes `zone` is ahead of UTC at the instant `at` (Asia/Riyadh: 180). */
export function zoneOffsetMinutes(at: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wallClockAsUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return Math.round((wallClockAsUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant as ISO 8601 wall-clock time in `zone` with its offset
 * (`2050-09-05T12:00:00.000+03:00`), as Cal.com returns slots for a `timeZone`.
 */
export function zonedIso(at: Date, zone: string): string {
  const offset = zoneOffsetMinutes(at, zone);
  const wall = new Date(at.getTime() + offset * 60_000).toISOString().slice(0, 23);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
