import { hmacBase64 } from '../../http/signing';

export type CallbackParams = Record<string, string | string[]>;

function pairs(name: string, value: string | string[]): string {
  if (Array.isArray(value)) {
    return [...new Set(value)]
      .sort()
      .map((item) => name + item)
      .join('');
  }
  return name + value;
}

/**
 * X-Twilio-Signature: base64(HMAC-SHA1(authToken, url + each POST param sorted by name as
 * name+value)); array params add their de-duplicated sorted values (twilio-node webhooks.ts).
 */
export function signTwilioRequest(authToken: string, url: string, params: CallbackParams): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + pairs(name, params[name] as string | string[]), url);
  return hmacBase64('sha1', authToken, Buffer.from(data, 'utf-8'));
}
