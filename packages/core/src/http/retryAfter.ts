const DELAY_SECONDS = /^\d+(?:\.\d+)?$/;
// IMF-fixdate and RFC 850 ("Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT")
// and asctime ("Sun Nov  6 08:49:37 1994"): Date.parse alone would accept free text.
const HTTP_DATE =
  /^[a-z]{3,9},? (?:\d{1,2}[ -][a-z]{3}[ -]\d{2,4}|[a-z]{3} +\d{1,2}) \d{2}:\d{2}:\d{2}/i;

/**
 * Reads a Retry-After value (delay in seconds, or an HTTP-date) as a wait in milliseconds from
 * `now`. A date in the past means "now" (0). Anything unreadable is undefined: the runtime then
 * uses its own backoff.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (DELAY_SECONDS.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  if (!HTTP_DATE.test(trimmed)) return undefined;
  // HTTP-dates are always GMT; asctime omits the zone, and Date.parse would read it as local time.
  const at = Date.parse(/ (?:GMT|UTC)$/i.test(trimmed) ? trimmed : `${trimmed} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
