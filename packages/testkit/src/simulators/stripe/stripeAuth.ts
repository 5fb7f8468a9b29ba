import type { SimRequest, SimResponse } from '../../http/types';
import { sameSecret } from '../../http/sameSecret';
import { redactKey, stripeError } from './stripeErrors';

/** The key a request presents: Bearer, or Basic with the key as the username. */
function presentedKey(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const [scheme, value] = authorization.split(' ', 2);
  if (value === undefined) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value.trim();
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.split(':', 1)[0];
  }
  return undefined;
}

export function authenticateStripe(apiKey: string) {
  return (req: SimRequest): SimResponse | null => {
    const key = presentedKey(req.headers.authorization);
    if (key === undefined || key === '') {
      return stripeError(401, {
        type: 'authentication_error',
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      });
    }
    if (sameSecret(key, apiKey)) return null;
    return stripeError(401, {
      type: 'authentication_error',
      message: `Invalid API Key provided: ${redactKey(key)}`,
    });
  };
}
