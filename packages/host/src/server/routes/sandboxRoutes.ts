import type { FastifyInstance } from 'fastify';
import { DlxError } from '@dealix/connector-core';
import type { Sandbox } from '@dealix/connector-testkit';
import { sandboxKit } from '../../sandboxKit';
import type { RouteScope } from '../access/routeScope';
import type { HostContext } from '../hostContext';

/** Sandbox routes act for the `sandbox` tenant and show its secrets: an operator's token. */
const sandboxScope: RouteScope = {
  access: 'token',
  permission: 'execute',
  tenant: { kind: 'fixed', tenant: 'sandbox' },
};

/**
 * Sandbox mode only: what `dealix-connectors sandbox show` and `sandbox trigger` ask for. The
 * show answer is the one place the simulators' webhook secrets appear (never logged, never
 * printed at startup).
 */
export function registerSandboxRoutes(
  app: FastifyInstance,
  ctx: HostContext,
  sandbox: Sandbox,
): void {
  const { describeSandbox, triggerSandboxWebhook } = sandboxKit();
  const registered = () => ctx.runtime.registered('sandbox');
  const webhookUrl = (key: string) => `${ctx.publicBaseUrl}/webhooks/sandbox/${key}`;

  app.get('/api/v1/sandbox', { config: { scope: sandboxScope } }, async () => ({
    tenant: 'sandbox',
    host_url: ctx.publicBaseUrl,
    connectors: describeSandbox(
      sandbox,
      registered().map((rc) => rc.key),
    ).map((view) => ({ ...view, webhook_url: webhookUrl(view.key) })),
  }));

  app.post<{ Params: { key: string; event: string } }>(
    '/api/v1/sandbox/connectors/:key/webhooks/:event',
    { config: { scope: sandboxScope } },
    async (req) => {
      const { key, event } = req.params;
      const rc = registered().find((c) => c.key === key);
      if (!rc) {
        throw new DlxError(
          'DLX_E_RUNTIME_UNKNOWN_CONNECTOR',
          `connector "${key}" is not registered for tenant "sandbox"; it has ${registered()
            .map((c) => c.key)
            .join(', ')}`,
        );
      }
      const declared = rc.manifest.webhook_events ?? [];
      if (!declared.includes(event)) {
        throw new DlxError(
          'DLX_E_RUNTIME_INPUT_INVALID',
          declared.length === 0
            ? `connector "${key}" declares no webhook_events`
            : `connector "${key}" declares no webhook event "${event}"; it declares ${declared.join(', ')}`,
        );
      }
      let delivery;
      try {
        delivery = await triggerSandboxWebhook(sandbox, key, event, webhookUrl(key));
      } catch (error) {
        throw new DlxError('DLX_E_WEBHOOK_NOT_SUPPORTED', (error as Error).message, {
          cause: error,
        });
      }
      const { status, body } = delivery.response;
      return {
        connector: key,
        event,
        vendor_event_type: delivery.vendor_event_type,
        delivered_to: webhookUrl(key),
        accepted: status >= 200 && status < 300,
        response: { status, body: parseJson(body) },
      };
    },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
