import { withServerHandle, type ServerHandle } from '../../http/serverHandle';
import { SimulatorServer } from '../../http/simulatorServer';
import type { RecordedRequest, SimRequest, SimResponse } from '../../http/types';
import { sameSecret } from '../../http/sameSecret';

export interface GenericRouteDef {
  id: string;
  method: string;
  /** Literal segments and `:name` parameters. */
  path: string;
  /** A fixed answer, or one computed from the request. */
  response: SimResponse | ((req: SimRequest) => SimResponse | Promise<SimResponse>);
  /** Counter incremented when the answer is 2xx (e.g. 'tickets_created'). */
  sideEffect?: string;
}

export interface GenericAuth {
  /** Require `Authorization: Bearer <bearer>`. */
  bearer?: string;
  /** Require a header with this exact value (e.g. an `x-api-key`). */
  header?: { name: string; value: string };
}

export interface GenericSimulatorOptions {
  name: string;
  routes: GenericRouteDef[];
  /** Every configured check must pass; absent = no authentication. */
  auth?: GenericAuth;
  /** Seed of probability faults. */
  seed?: number;
  /** Answer of an injected `expired_token` fault (default 401 `{error:{code:'token_expired'}}`). */
  expiredTokenResponse?: () => SimResponse;
  /** Body of injected statuses, unknown routes and crashes (default `{error:{code,message}}`). */
  errorResponse?: (status: number, req: RecordedRequest) => SimResponse;
}

function checkAuth(auth: GenericAuth, req: SimRequest): SimResponse | null {
  const bearerOk =
    auth.bearer === undefined || sameSecret(req.headers.authorization, `Bearer ${auth.bearer}`);
  const headerOk =
    auth.header === undefined ||
    sameSecret(req.headers[auth.header.name.toLowerCase()], auth.header.value);
  if (bearerOk && headerOk) return null;
  return {
    status: 401,
    body: { error: { code: 'unauthorized', message: 'missing or invalid credentials' } },
  };
}

/**
 * A configurable HTTP simulator for a connector whose vendor has no dedicated simulator yet:
 * declared routes with fixed or computed answers, side-effect counters, and every fault and
 * control feature of SimulatorServer.
 */
/** The generic simulator's handle: the shared controls around its SimulatorServer. */
export type GenericSimulator = ServerHandle;

export function createGenericSimulator(options: GenericSimulatorOptions): GenericSimulator {
  const auth = options.auth;
  const server: SimulatorServer = new SimulatorServer({
    name: options.name,
    seed: options.seed,
    routes: options.routes.map((route) => ({
      id: route.id,
      method: route.method,
      path: route.path,
      handler: async (req) => {
        const answer =
          typeof route.response === 'function' ? await route.response(req) : route.response;
        if (route.sideEffect !== undefined && answer.status >= 200 && answer.status < 300) {
          server.counters.increment(route.sideEffect);
        }
        return answer;
      },
    })),
    authenticate: auth === undefined ? undefined : (req) => checkAuth(auth, req),
    expiredTokenResponse:
      options.expiredTokenResponse ??
      (() => ({
        status: 401,
        body: { error: { code: 'token_expired', message: 'the access token has expired' } },
      })),
    errorResponse:
      options.errorResponse ??
      ((status) => ({
        status,
        body: {
          error: {
            code: status === 404 ? 'not_found' : 'simulated_error',
            message: `HTTP ${status}`,
          },
        },
      })),
  });
  return withServerHandle(server, {});
}
