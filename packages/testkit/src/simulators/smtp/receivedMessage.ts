/** One message the SMTP simulator accepted, as a test inspects it. */
export interface ReceivedMessage {
  /** 1-based order of acceptance since start or the last reset(). */
  readonly seq: number;
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** The authenticated user of the session, when the client logged in. */
  readonly user: string | undefined;
  /** Whether the session was TLS (implicit or after STARTTLS) when the message came. */
  readonly secure: boolean;
  /** The full RFC 5322 source as received after DATA (CRLF line ends kept). */
  readonly raw: string;
  /** Top-level header fields, names lower-cased, folded lines joined; the last value wins. */
  readonly headers: Readonly<Record<string, string>>;
  /** The Subject header with RFC 2047 encoded words decoded, if present. */
  readonly subject: string | undefined;
  readonly receivedAt: number;
}

interface ParseInput {
  seq: number;
  from: string;
  to: string[];
  user: string | undefined;
  secure: boolean;
  raw: string;
  receivedAt: number;
}

export function parseReceivedMessage(input: ParseInput): ReceivedMessage {
  const headers = parseHeaderBlock(input.raw);
  const rawSubject = headers['subject'];
  return {
    seq: input.seq,
    envelope: { from: input.from, to: input.to },
    user: input.user,
    secure: input.secure,
    raw: input.raw,
    headers,
    subject: rawSubject === undefined ? undefined : decodeEncodedWords(rawSubject),
    receivedAt: input.receivedAt,
  };
}

function parseHeaderBlock(raw: string): Record<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = end === -1 ? raw : raw.slice(0, end);
  // Folded header lines start with whitespace and continue the previous field (RFC 5322 §2.2.3).
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Decodes `=?charset?B|Q?text?=` words (nodemailer encodes non-ASCII subjects this way). */
function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_word, charset: string, encoding: string, text: string) => {
        const bytes =
          encoding.toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : Buffer.from(
                text
                  .replace(/_/g, ' ')
                  .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
                    String.fromCharCode(parseInt(hex, 16)),
                  ),
                'latin1',
              );
        const label = charset.toLowerCase();
        return bytes.toString(label === 'utf-8' || label === 'utf8' ? 'utf8' : 'latin1');
      },
    );
}
