/**
 * What vendors that sign the URL they called sign (Twilio): the full URL, then each form
 * parameter sorted by name, as name + value; a repeated parameter adds each distinct value,
 * sorted.
 */
export function signedUrlPayload(
  url: string,
  params: Readonly<Record<string, string | readonly string[] | undefined>>,
): string {
  let payload = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    if (value === undefined) continue;
    const values = typeof value === 'string' ? [value] : [...new Set(value)].sort();
    for (const item of values) payload += name + item;
  }
  return payload;
}
