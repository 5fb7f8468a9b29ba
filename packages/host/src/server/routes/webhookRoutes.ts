import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DlxError,
  HOST_API,
  hasErrorCode,
  type HostApiAnswer,
  type WebhookReceipt,
} from '@dealix/connector-core';
import { publicRoute, tenantRoute } from '../access/routeScope';
import { asDlxError, replyError } from '../errors/replyError';
import type { HostContext } from '../hostContext';
import { apiInput } from '../apiInput';

type WebhookRequest = FastifyRequest<{ Params: { tenant: string; key: string } }>;

/**
 * Inbound webhooks keep their raw bytes for the connector's signature check (nothing is parsed
 * before it), within a body size limit; verified events land in the outbox that consumers read.
 */
export async function registerWebhookRoutes(app: FastifyInstance, ctx: HostContext): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: ctx.config.limits.webhook_body_bytes },
      (_req, body, done) => done(null, body),
    );
    // A body over the limit is a rejected delivery like any other: counted, never parsed.
    scope.setErrorHandler((error, req: WebhookRequest, reply) => {
      const dlx = asDlxError(error, req.log, req.routeOptions.bodyLimit);
      if (dlx.code === 'DLX_E_HOST_BODY_TOO_LARGE') {
        ctx.runtime.metrics.webhookRejections.inc({
          ...rejectionLabels(ctx, req.params.tenant, req.params.key),
          reason: 'too_large',
        });
      }
      return replyError(reply, dlx);
    });
    const handle = async (req: WebhookRequest, reply: FastifyReply) => {
      const receipt = await receiveOrRefuse(ctx, req);
      if (receipt.kind === 'respond')
        return reply.code(receipt.status).type(receipt.contentType).send(receipt.body);
      return reply.code(200).send({ accepted: receipt.accepted, duplicates: receipt.duplicates });
    };
    const signed = publicRoute('vendor deliveries: the connector verifies their signature');
    scope.get('/webhooks/:tenant/:key', { config: signed }, handle);
    scope.post('/webhooks/:tenant/:key', { config: signed }, handle);
  });

  app.get<{ Params: { tenant: string } }>(
    HOST_API.listEvents.path,
    { config: tenantRoute('read') },
    async (req): Promise<HostApiAnswer<'listEvents', 200>> => {
      const { after, limit = 100 } = apiInput(HOST_API.listEvents.query, req.query, 'query');
      const events = await ctx.runtime.events(req.params.tenant, after, limit);
      // The cursor to send next: the last event's, or the one given when there was nothing new.
      return { events, next_after: events.at(-1)?.cursor ?? after ?? null };
    },
  );
}

/**
 * Metric labels of a rejected delivery. Tenant and connector come from the URL, which anyone
 * can send: names that are not registered share one label, so a caller cannot grow the metric's
 * series without bound.
 */
export function rejectionLabels(
  ctx: HostContext,
  tenant: string,
  connector: string,
): { tenant: string; connector: string } {
  const tenantKnown = ctx.tenants.some((t) => t.tenant === tenant);
  const pairKnown = ctx.runtime.registered(tenant).some((rc) => rc.key === connector);
  return {
    tenant: tenantKnown ? tenant : 'unknown',
    connector: tenantKnown && pairKnown ? connector : 'unknown',
  };
}

/**
 * What an unknown tenant, an unknown connector, a connector without webhooks and a bad
 * signature all answer, byte for byte: a caller learns nothing about which tenants or
 * connectors exist. The connector's own reason is in the host log.
 */
function signatureRefused(): DlxError {
  return new DlxError(
    'DLX_E_WEBHOOK_SIGNATURE_INVALID',
    'webhook rejected: the signature does not verify',
    {
      details: { reason: 'signature_invalid' },
    },
  );
}

async function receiveOrRefuse(ctx: HostContext, req: WebhookRequest): Promise<WebhookReceipt> {
  const { tenant, key } = req.params;
  try {
    return await ctx.runtime.receiveWebhook(tenant, key, {
      method: req.method === 'GET' ? 'GET' : 'POST',
      url: `${ctx.publicBaseUrl}${req.url}`,
      query: req.query as Record<string, string | string[] | undefined>,
      headers: Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [
          k.toLowerCase(),
          Array.isArray(v) ? v.join(', ') : v,
        ]),
      ),
      rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      receivedAt: Date.now(),
    });
  } catch (error) {
    if (hasErrorCode(error, 'DLX_E_WEBHOOK_SIGNATURE_INVALID')) throw signatureRefused();
    if (
      hasErrorCode(error, 'DLX_E_RUNTIME_UNKNOWN_CONNECTOR') ||
      hasErrorCode(error, 'DLX_E_WEBHOOK_NOT_SUPPORTED')
    ) {
      // Counted like a bad signature (the runtime counts those), under bounded labels.
      const labels = rejectionLabels(ctx, tenant, key);
      ctx.runtime.metrics.webhookRejections.inc({ ...labels, reason: 'signature_invalid' });
      req.log.warn({ ...labels, code: error.code }, 'webhook for no registered connector');
      throw signatureRefused();
    }
    throw error;
  }
}
