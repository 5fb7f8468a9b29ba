import type { ConnectorPlugin } from '../contract/defineConnector';
import { DlxError } from '../errors/dlxError';
import { hostMatches, isLoopbackHost } from '../http';
import { TENANT_HOST_PATTERN, type ConnectorManifest } from '../manifest';

export interface ResolvedTenantConfig {
  /** Parsed by the plugin's own config schema. */
  config: unknown;
  /** Values of secret fields: scrubbed from every error, log line and audit record. */
  secrets: string[];
  /** allowed_hosts with `${config.x}` replaced by the host of that config value. */
  allowedHosts: string[];
}

/** The URL in `value`, or undefined: one parse (URL.canParse and then new URL were two). */
function urlOf(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function hostOf(value: string): string {
  return urlOf(value)?.hostname.toLowerCase() ?? value.toLowerCase();
}

/**
 * Checks a tenant's raw config against the manifest's config fields, then the plugin's zod
 * schema. Values from the environment arrive as strings: numbers and booleans are coerced.
 * Errors name the tenant, connector and field, never a secret value.
 */
export function resolveTenantConfig(
  tenant: string,
  manifest: ConnectorManifest,
  plugin: ConnectorPlugin,
  raw: Readonly<Record<string, unknown>>,
  options: {
    allowLoopback?: boolean;
    /** Hosts the operator allows this tenant for fields whose host_pattern is "${tenant}". */
    egress?: readonly string[];
  } = {},
): ResolvedTenantConfig {
  const where = `tenant "${tenant}", connector "${manifest.connector_key}"`;
  const fail = (message: string, field: string) =>
    new DlxError('DLX_E_CONFIG_INVALID', `${where}: config field "${field}" ${message}`, {
      details: { tenant, connector: manifest.connector_key, field },
    });
  const allowed = Object.keys(manifest.config);
  for (const field of Object.keys(raw)) {
    if (!allowed.includes(field)) {
      throw fail(`is not declared; allowed fields are ${allowed.join(', ') || '(none)'}`, field);
    }
  }
  const values: Record<string, unknown> = {};
  const secrets: string[] = [];
  // Each URL field's host, worked out once for its checks and for allowed_hosts references.
  const hosts = new Map<string, string>();
  for (const [field, spec] of Object.entries(manifest.config)) {
    let value = raw[field] ?? spec.default;
    const isSecret = spec.type === 'secret' || spec.type === 'private_key';
    if (value === undefined || value === '') {
      if (!spec.required) continue;
      if (isSecret) {
        throw new DlxError(
          'DLX_E_CONFIG_MISSING_SECRET',
          `${where}: config field "${field}" (${spec.type}) is required but has no value; ` +
            'set it through the environment or the secrets file',
          { details: { tenant, connector: manifest.connector_key, field } },
        );
      }
      throw fail(`is required but has no value (${spec.description})`, field);
    }
    if (spec.type === 'number' && typeof value === 'string' && value.trim() !== '') {
      value = Number(value);
    }
    if (spec.type === 'boolean' && (value === 'true' || value === 'false')) {
      value = value === 'true';
    }
    const expected = spec.type === 'number' || spec.type === 'boolean' ? spec.type : 'string';
    if (typeof value !== expected || (expected === 'number' && !Number.isFinite(value))) {
      throw fail(
        `must be a ${spec.type}${isSecret ? '' : `, got ${JSON.stringify(value)}`}`,
        field,
      );
    }
    if (spec.type === 'url') {
      const url = urlOf(value as string);
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        throw fail(`must be an http(s) URL, got ${JSON.stringify(value)}`, field);
      }
      hosts.set(field, url.hostname.toLowerCase());
    }
    if (spec.host_pattern) {
      const host = hosts.get(field) ?? hostOf(value as string);
      // Asked only when the rules refuse the host (it parses the host as an IP address).
      const loopbackOk = () => options.allowLoopback === true && isLoopbackHost(host);
      if (spec.host_pattern === TENANT_HOST_PATTERN) {
        const listed = options.egress ?? [];
        if (!listed.some((rule) => hostMatches(rule, host)) && !loopbackOk()) {
          throw fail(
            `host "${host}" is not among the hosts the operator allows this tenant ` +
              `(tenants.${tenant}.egress.${manifest.connector_key}: ${listed.length > 0 ? listed.join(', ') : 'none listed'})`,
            field,
          );
        }
      } else if (!hostMatches(spec.host_pattern, host) && !loopbackOk()) {
        throw fail(`host "${host}" does not match host_pattern "${spec.host_pattern}"`, field);
      }
    }
    if (isSecret) secrets.push(value as string);
    values[field] = value;
  }
  // Parsed once per registration: no eval-compiled fast path for a schema used once.
  const parsed = plugin.config.safeParse(values, { jitless: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || '(root)';
    throw fail(`is rejected by the connector: ${issue.message}`, field);
  }
  const allowedHosts = manifest.allowed_hosts.map((rule) => {
    const ref = /^\$\{config\.([a-z][a-z0-9_]*)\}$/.exec(rule);
    if (!ref) return rule;
    const value = values[ref[1]!];
    if (typeof value !== 'string') {
      throw fail('is used in allowed_hosts but has no value', ref[1]!);
    }
    return hosts.get(ref[1]!) ?? hostOf(value);
  });
  return { config: parsed.data, secrets, allowedHosts };
}
