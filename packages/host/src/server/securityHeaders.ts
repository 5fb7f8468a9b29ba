import type { FastifyInstance } from 'fastify';

/** What every answer may be used for: JSON and text are never scripts, pages, or frames. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The headers of every answer: the request id (`x-request-id`, for the caller to quote) and the
 * security headers: no MIME sniffing, no referrer leaving the host, never framed; a
 * Content-Security-Policy that forbids everything unless the route set its own (the board page
 * allows only its own inline style, by hash). One callback hook: no promise per answer.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', API_CSP);
    }
    done(null, payload);
  });
}
