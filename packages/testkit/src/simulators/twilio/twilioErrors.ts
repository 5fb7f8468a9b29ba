import type { SimResponse } from '../../http/types';

/** Twilio's REST error body (twilio-node RestException): `{code, message, more_info, status}`. */
export function twilioError(status: number, code: number, message: string): SimResponse {
  return {
    status,
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  };
}

export function authenticateError(): SimResponse {
  const response = twilioError(401, 20003, 'Authenticate');
  return { ...response, headers: { 'WWW-Authenticate': 'Basic realm="Twilio API"' } };
}

export function notFound(path: string): SimResponse {
  return twilioError(404, 20404, `The requested resource ${path} was not found`);
}

export function missingParameter(name: string): SimResponse {
  return twilioError(400, 21200, `Required parameter "${name}" missing.`);
}
