import type { ConformanceWebhookDelivery } from './conformanceOptions';

/**
 * The forgeries of a genuine delivery that every webhook check refuses, each named: a forged
 * signature, a body changed after signing, the signature header left out. Used by the
 * conformance webhook check and by suites that attack a running host.
 */
export function webhookAttacks(
  genuine: ConformanceWebhookDelivery,
  signatureHeader: string,
): Array<[string, ConformanceWebhookDelivery]> {
  return [
    ['a forged signature', withHeader(genuine, signatureHeader, corrupt)],
    ['a body changed after signing', { ...genuine, body: changeOneCharacter(genuine.body) }],
    ['no signature header', withHeader(genuine, signatureHeader, () => undefined)],
  ];
}

function withHeader(
  delivery: ConformanceWebhookDelivery,
  name: string,
  change: (value: string) => string | undefined,
): ConformanceWebhookDelivery {
  const headers: Record<string, string> = {};
  for (const [header, value] of Object.entries(delivery.headers)) {
    if (header.toLowerCase() !== name.toLowerCase()) {
      headers[header] = value;
      continue;
    }
    const changed = change(value);
    if (changed !== undefined) headers[header] = changed;
  }
  return { ...delivery, headers };
}

/** The header with its last 16 letters and digits each moved one along: no longer the signature. */
export function corrupt(value: string): string {
  const chars = [...value];
  let changed = 0;
  for (let i = chars.length - 1; i >= 0 && changed < 16; i--) {
    const next = rotate(chars[i]!);
    if (next === chars[i]) continue;
    chars[i] = next;
    changed++;
  }
  return chars.join('');
}

/** The body with one letter or digit past its middle moved one along. */
export function changeOneCharacter(body: string | Buffer): Buffer {
  const bytes = Buffer.from(body);
  for (let i = Math.floor(bytes.length / 2); i < bytes.length; i++) {
    const next = rotate(String.fromCharCode(bytes[i]!));
    if (next.charCodeAt(0) !== bytes[i]) {
      bytes[i] = next.charCodeAt(0);
      return bytes;
    }
  }
  return Buffer.concat([bytes, Buffer.from(' ')]);
}

function rotate(char: string): string {
  if (char >= '0' && char <= '8') return String.fromCharCode(char.charCodeAt(0) + 1);
  if (char === '9') return '0';
  if ((char >= 'a' && char < 'z') || (char >= 'A' && char < 'Z')) {
    return String.fromCharCode(char.charCodeAt(0) + 1);
  }
  if (char === 'z') return 'a';
  if (char === 'Z') return 'A';
  return char;
}
