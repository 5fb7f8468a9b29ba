import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DlxError } from '@dealix/connector-core';
import { guard } from '../authGuard';
import type { HostContext } from '../hostContext';

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
    const handle = async (req: WebhookRequest, reply: FastifyReply) => {
      const receipt = await ctx.runtime.receiveWebhook(req.params.tenant, req.params.key, {
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
      if (receipt.kind === 'respond')
        return reply.code(receipt.status).type(receipt.contentType).send(receipt.body);
      return reply.code(200).send({ accepted: receipt.accepted, duplicates: receipt.duplicates });
    };
    scope.get('/webhooks/:tenant/:key', handle);
    scope.post('/webhooks/:tenant/:key', handle);
  });

  const read = guard({ directory: ctx.directory, openReads: false }, 'read');
  app.get<{ Params: { tenant: string }; Querystring: { after?: string; limit?: string } }>(
    '/api/v1/tenants/:tenant/events',
    { preHandler: read },
    async (req) => {
      const after = Number(req.query.after ?? 0);
      const limit = Math.min(Number(req.query.limit ?? 100), 1000);
      if (!Number.isInteger(after) || after < 0 || !Number.isInteger(limit) || limit < 1) {
        throw new DlxError(
          'DLX_E_RUNTIME_INPUT_INVALID',
          'after must be a cursor (integer >= 0) and limit an integer 1..1000',
        );
      }
      const events = await ctx.stores.outbox.list(req.params.tenant, after, limit);
      return { events, next_after: events.at(-1)?.cursor ?? after };
    },
  );
}
