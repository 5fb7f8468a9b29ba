/** The path the host serves a connector's webhooks at, for one tenant (GET and POST). */
export function webhookPath(tenant: string, connectorKey: string): string {
  return `/webhooks/${encodeURIComponent(tenant)}/${encodeURIComponent(connectorKey)}`;
}

/** The public URL vendors call for a tenant's connector: the host's public base URL + path. */
export function webhookUrl(publicBaseUrl: string, tenant: string, connectorKey: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${webhookPath(tenant, connectorKey)}`;
}
