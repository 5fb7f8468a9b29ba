import type { Readable } from 'node:stream';

/** The body passed maxResponseBytes; the stream (and its socket) was destroyed. */
export class ResponseTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`response body larger than ${limit} bytes`);
  }
}

/**
 * Reads a response body up to `limit` bytes. A declared Content-Length over the limit fails
 * before reading; a body that grows past it is cut off. The stream is always consumed or
 * destroyed, so no socket is left half-read.
 */
export function readBody(
  stream: Readable,
  limit: number,
  declaredLength: unknown,
): Promise<Buffer> {
  const declared = Number(declaredLength);
  if (Number.isFinite(declared) && declared > limit) {
    stream.destroy();
    return Promise.reject(new ResponseTooLargeError(limit));
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        fail(new ResponseTooLargeError(limit));
        stream.destroy();
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    stream.once('error', fail);
    // 'close' follows 'end' on every answer: the Error (and its stack trace) is made only when
    // the stream closed first.
    stream.once('close', () => {
      if (!settled) fail(new Error('response stream closed before its end'));
    });
  });
}

const JSON_CONTENT_TYPE = /^[^;]*[/+]json\s*(?:;|$)/i;

export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_CONTENT_TYPE.test(contentType);
}

export type BodyDecoding = { ok: true; value: unknown } | { ok: false; text: string };

/** JSON when the vendor says so, else text (an empty body is ""). */
export function decodeJsonOrText(body: Buffer, contentType: string | undefined): BodyDecoding {
  const text = body.toString('utf8');
  if (!isJsonContentType(contentType) || text.length === 0) return { ok: true, value: text };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, text };
  }
}

/** For error bodies: JSON when it parses as JSON (vendors mislabel error pages), else text. */
export function decodeErrorBody(body: Buffer, contentType: string | undefined): unknown {
  const text = body.toString('utf8');
  const trimmed = text.trimStart();
  if (isJsonContentType(contentType) || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Response headers as lower-case name to string (repeated headers joined with ", "). */
export function flattenHeaders(raw: object): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value === null) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}
