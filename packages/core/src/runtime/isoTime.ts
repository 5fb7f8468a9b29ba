let lastMs = Number.NaN;
let lastText = '';

/**
 * `new Date(ms).toISOString()`, remembered for the last millisecond: a call writes several
 * timestamps (audit records, sync state) within the same millisecond, and formatting a Date
 * costs more than the rest of writing one. Throws for an invalid time, as toISOString does.
 */
export function isoTime(ms: number): string {
  // new Date() truncates a fractional time the same way.
  const whole = Math.trunc(ms);
  if (whole !== lastMs) {
    lastText = new Date(whole).toISOString();
    lastMs = whole;
  }
  return lastText;
}
