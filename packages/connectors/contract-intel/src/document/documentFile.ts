import { createHash } from 'node:crypto';
import { z } from '@dealix/connector-core';

/** The largest document accepted, decoded (the host's API body limit also applies). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const MAX_BASE64_CHARS = 4 * Math.ceil(MAX_DOCUMENT_BYTES / 3);

/** The types the connector checks and sends; the partition service reads each. */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'text/plain', 'text/markdown'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

const EXTENSIONS: Record<string, DocumentContentType> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  text: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
};

export const documentBase64 = z
  .string()
  .min(4)
  .max(MAX_BASE64_CHARS, `must be at most ${MAX_DOCUMENT_BYTES} bytes once decoded`)
  // A character class, not a repeated group: linear on a 13 MiB string, nothing to backtrack.
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be standard base64 (A-Z a-z 0-9 + /, padded with =)')
  .refine((text) => text.length % 4 === 0, 'must be padded base64 (a multiple of 4 characters)');

export const documentFilename = z
  .string()
  .min(1)
  .max(255)
  .regex(
    // eslint-disable-next-line no-control-regex -- control characters are what it refuses
    /^[^/\\\u0000-\u001f\u007f]+$/,
    'must be a file name without a path or control characters',
  );

/** The document's bytes (the input schema has checked the base64). */
export function decodeDocument(base64: string): Buffer {
  return Buffer.from(base64, 'base64');
}

export function documentSha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Why the bytes are not what `contentType` says (undefined when they are): a PDF starts with
 * `%PDF-` within its first 1024 bytes; text is UTF-8 without NUL bytes; a known extension of
 * the file name agrees with the type.
 */
export function contentMismatch(
  bytes: Buffer,
  contentType: DocumentContentType,
  filename: string,
): string | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  const named = extension === undefined ? undefined : EXTENSIONS[extension];
  if (named !== undefined && named !== contentType) {
    return `the file name ends in .${extension}, which is ${named}, not ${contentType}`;
  }
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return `the document is ${bytes.length} bytes; at most ${MAX_DOCUMENT_BYTES} are accepted`;
  }
  const isPdf = bytes.subarray(0, 1024).includes('%PDF-');
  if (contentType === 'application/pdf') {
    return isPdf ? undefined : 'content_type is application/pdf but the bytes have no %PDF- header';
  }
  if (isPdf) return `content_type is ${contentType} but the bytes are a PDF`;
  if (bytes.includes(0)) return `content_type is ${contentType} but the bytes hold NUL bytes`;
  try {
    UTF8.decode(bytes);
  } catch {
    return `content_type is ${contentType} but the bytes are not UTF-8 text`;
  }
  return undefined;
}
