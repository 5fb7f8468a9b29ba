import { pathSegment, type ConnectorContext, type VendorErrorTable } from '@dealix/connector-core';
import { GRAPH_ERRORS } from './errors';
import type { WhatsAppConfig } from './whatsAppConfig';

/**
 * What every Graph request carries, spread into the kit's vendorRequest: the versioned base
 * URL, Bearer auth with the tenant's access token and Graph's error table. WhatsApp has no
 * idempotency key, so the runtime's key is never sent.
 */
export function graphApi(ctx: ConnectorContext<WhatsAppConfig>): {
  baseURL: string;
  headers: Record<string, string>;
  errors: VendorErrorTable;
} {
  return {
    baseURL: `${ctx.config.base_url.replace(/\/+$/, '')}/${ctx.config.api_version}`,
    headers: { authorization: `Bearer ${ctx.config.access_token}` },
    errors: GRAPH_ERRORS,
  };
}

/** The sending phone number's messages edge: sends and read receipts both post here. */
export function messagesPath(ctx: ConnectorContext<WhatsAppConfig>): string {
  return `/${pathSegment(ctx.config.phone_number_id)}/messages`;
}
