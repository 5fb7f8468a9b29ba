/** An HTTP answer as the tests of hosts run as processes read it. */
export interface Answer {
  status: number;
  /** The error code of an error answer. */
  code?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are asserted field by field
  body: any;
}

/** POST `body` as JSON (or nothing) with a bearer token and an optional Idempotency-Key. */
export async function postJson(
  url: string,
  token: string,
  body?: unknown,
  key?: string,
): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(key !== undefined && { 'idempotency-key': key }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: { error?: { code?: string } } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // not JSON
  }
  return {
    status: res.status,
    ...(parsed.error?.code !== undefined && { code: parsed.error.code }),
    body: parsed,
  };
}
