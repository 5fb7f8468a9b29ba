import type { FastifyInstance } from 'fastify';

/** What every answer may be used for: JSON and text are never scripts, pages, or frames. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Security headers on every answer: no MIME sniffing, no referrer leaving the host, never
 * framed; a Content-Security-Policy that forbids everything unless the route set its own (the
 * board page allows only its own inline style, by hash).
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', API_CSP);
    }
  });
}
