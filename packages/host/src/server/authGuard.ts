import type { FastifyReply, FastifyRequest } from 'fastify';
import { DlxError, isLoopbackHost } from '@dealix/connector-core';
import {
  allows,
  type Permission,
  type Principal,
  type PrincipalDirectory,
} from '../auth/principals';
import { replyError } from './errors/replyError';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export interface GuardOptions {
  directory: PrincipalDirectory;
  /** Read-only routes may be open on loopback (sandbox mode, or by config). */
  openReads: boolean;
}

/** A preHandler that requires a bearer token whose roles allow `permission`. */
export function guard(options: GuardOptions, permission: Permission) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const principal = options.directory.authenticate(token);
    if (principal) req.principal = principal;
    if (permission === 'read' && options.openReads && isLoopbackHost(req.ip)) return;
    if (!principal) {
      return replyError(
        reply,
        new DlxError('DLX_E_HOST_UNAUTHENTICATED', 'a valid bearer token is required'),
      );
    }
    if (!allows(principal, permission)) {
      return replyError(
        reply,
        new DlxError(
          'DLX_E_HOST_FORBIDDEN',
          `token "${principal.name}" (${principal.roles.join(', ')}) may not ${permission}`,
        ),
      );
    }
  };
}
