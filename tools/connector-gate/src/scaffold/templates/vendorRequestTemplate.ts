/** src/vendorRequest.ts: one vendor request through ctx.http, mapped errors, parsed answer. */
export function vendorRequestTemplate(): string {
  return `import { DlxError, type ConnectorContext, type z } from '@dealix/connector-core';
import type { ConnectorConfig } from './connectorConfig';
import { mapVendorError } from './errors';

export interface VendorCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path under the base URL, e.g. \`/v1/items\`; ids already encoded with pathId(). */
  path: string;
  /** Sent as JSON. */
  body?: Readonly<Record<string, unknown>>;
}

/**
 * One vendor request through ctx.http, never axios, fetch or node:http directly: ctx.http
 * checks allowed_hosts on every hop, carries the attempt's abort signal, sends the runtime's
 * idempotency key (the plugin's \`http.idempotencyHeader\`) and scrubs secrets from errors. The
 * API key goes out as a Bearer token; the answer is parsed with \`schema\`, so a vendor that
 * changes a field fails here with a clear error instead of \`undefined\` downstream.
 */
export async function callVendor<S extends z.ZodType>(
  ctx: ConnectorContext<ConnectorConfig>,
  call: VendorCall,
  schema: S,
): Promise<z.output<S>> {
  let data: unknown;
  try {
    const response = await ctx.http.request({
      method: call.method,
      baseURL: ctx.config.base_url,
      url: call.path,
      headers: { authorization: \`Bearer \${ctx.config.api_key}\` },
      ...(call.body !== undefined && { data: call.body }),
    });
    data = response.data;
  } catch (error) {
    throw mapVendorError(error);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => \`\${issue.path.map(String).join('.') || '(root)'}: \${issue.message}\`)
      .join('; ');
    throw new DlxError(
      'DLX_E_RUNTIME_OUTPUT_INVALID',
      \`\${ctx.connectorKey}: \${call.method} \${call.path} answered a shape the connector does not expect: \${issues}\`,
      { mayHaveReachedVendor: true },
    );
  }
  return parsed.data;
}

/** A vendor id as a path segment. */
export function pathId(id: string): string {
  return encodeURIComponent(id);
}
`;
}
