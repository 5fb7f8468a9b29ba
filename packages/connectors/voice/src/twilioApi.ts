import type { ConnectorContext, VendorErrorTable } from '@dealix/connector-core';
import { pathSegment } from '@dealix/connector-core';
import { TWILIO_ERRORS } from './errors';
import type { VoiceConfig } from './voiceConfig';

/**
 * What every Twilio request carries, spread into the kit's vendorRequest: the base URL, Basic
 * auth (the API key and its secret when configured, else the account SID and auth token) and
 * Twilio's error table. Twilio has no idempotency key, so none is sent.
 */
export function twilioApi(ctx: ConnectorContext<VoiceConfig>): {
  baseURL: string;
  auth: { username: string; password: string };
  errors: VendorErrorTable;
} {
  const { account_sid, auth_token, api_key_sid, api_key_secret } = ctx.config;
  return {
    baseURL: ctx.config.base_url,
    auth:
      api_key_sid !== undefined && api_key_secret !== undefined
        ? { username: api_key_sid, password: api_key_secret }
        : { username: account_sid, password: auth_token },
    errors: TWILIO_ERRORS,
  };
}

/** `/2010-04-01/Accounts/{AccountSid}`: every Voice resource of the account lives under it. */
export function accountPath(ctx: ConnectorContext<VoiceConfig>): string {
  return `/2010-04-01/Accounts/${pathSegment(ctx.config.account_sid)}`;
}

/** The call resource's path. */
export function callPath(ctx: ConnectorContext<VoiceConfig>, callSid: string): string {
  return `${accountPath(ctx)}/Calls/${pathSegment(callSid)}.json`;
}
