import { signedUrlPayload } from '@dealix/connector-core';
import { hmacBase64 } from '../../http/signing';

export type CallbackParams = Record<string, string | string[]>;

/**
 * X-Twilio-Signature: base64(HMAC-SHA1(authToken, url + each POST param sorted by name as
 * name+value)); array params add their de-duplicated sorted values (twilio-node webhooks.ts).
 * The payload is core's signedUrlPayload, the one the connector kit verifies against.
 */
export function signTwilioRequest(authToken: string, url: string, params: CallbackParams): string {
  return hmacBase64('sha1', authToken, Buffer.from(signedUrlPayload(url, params), 'utf-8'));
}
