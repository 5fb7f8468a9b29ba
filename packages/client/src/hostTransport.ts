import {
  HOST_API,
  isDlxError,
  type ApiRoute,
  type Clock,
  type DlxError,
  type HostApiOperation,
  type HostApiResult,
} from '@dealix/connector-core/api';
import {
  abortedError,
  errorFromAnswer,
  networkError,
  responseInvalid,
  type AnswerOrigin,
} from './hostErrors';
import {
  decideClientRetry,
  parseRetryAfter,
  type Repeatable,
  type RetryOptions,
} from './retryPolicy';

type Routes = typeof HOST_API;
type Statuses<Op extends HostApiOperation> = keyof Routes[Op]['responses'] & number;

/** A route's answer by status, typed by HOST_API's response schemas. */
export type HostAnswer<Op extends HostApiOperation> = {
  [S in Statuses<Op>]: { status: S; body: HostApiResult<Op, S> };
}[Statuses<Op>];

export interface HostRequest {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string | undefined>;
  /** Sent as JSON when the route reads a body. */
  body?: unknown;
  signal?: AbortSignal;
  /** Default `any`; calls without an Idempotency-Key are `refused_only`; `never` for probes. */
  repeatable?: Repeatable | 'never';
}

export interface TransportSettings {
  /** The host's base URL (`http://127.0.0.1:4100`), without a trailing path. */
  url: string;
  token: string | undefined;
  retry: Required<RetryOptions>;
  clock: Clock;
}

type Attempt<Op extends HostApiOperation> =
  | { ok: true; answer: HostAnswer<Op> }
  | { ok: false; error: DlxError; retryAfterMs: number | undefined };

/**
 * One request of the host API, by its HOST_API entry: the path built from its parameters, the
 * answer checked against the route's schema for its status, errors made into coded errors,
 * and retryable answers repeated as `retryPolicy` allows.
 */
export class HostTransport {
  constructor(private readonly settings: TransportSettings) {}

  async request<Op extends HostApiOperation>(
    op: Op,
    req: HostRequest = {},
  ): Promise<HostAnswer<Op>> {
    const { retry, clock } = this.settings;
    for (let attempt = 1; ; attempt++) {
      const result = await this.once(op, req);
      if (result.ok) return result.answer;
      if (req.repeatable === 'never') throw result.error;
      const verdict = decideClientRetry(result.error, {
        attempt,
        repeatable: req.repeatable ?? 'any',
        retryAfterMs: result.retryAfterMs,
        retry,
      });
      if (verdict.action === 'fail') throw result.error;
      await clock.sleep(verdict.waitMs, req.signal).catch((cause: unknown) => {
        throw isDlxError(cause) ? cause : abortedError(op, 'wait', pathOf(HOST_API[op], req));
      });
    }
  }

  private async once<Op extends HostApiOperation>(op: Op, req: HostRequest): Promise<Attempt<Op>> {
    const route: ApiRoute = HOST_API[op];
    const path = pathOf(route, req);
    let res: Response;
    try {
      res = await fetch(`${this.settings.url}${path}`, {
        method: route.method,
        headers: this.headers(route, req),
        ...(route.body !== undefined && { body: JSON.stringify(req.body ?? {}) }),
        redirect: 'manual',
        ...(req.signal && { signal: req.signal }),
      });
    } catch (cause) {
      if (req.signal?.aborted) throw abortedError(op, route.method, path);
      throw networkError(op, route.method, path, cause);
    }
    const origin: AnswerOrigin = {
      route: op,
      method: route.method,
      path,
      status: res.status,
      requestId: res.headers.get('x-request-id'),
    };
    const text = await res.text().catch((cause: unknown) => {
      if (req.signal?.aborted) throw abortedError(op, route.method, path);
      throw networkError(op, route.method, path, cause);
    });
    if (res.status >= 400) {
      const error = errorFromAnswer(origin, parseJson(text));
      const retryAfterMs = parseRetryAfter(
        res.headers.get('retry-after'),
        this.settings.clock.now(),
      );
      return { ok: false, error, retryAfterMs };
    }
    const schema = route.responses[res.status];
    if (schema === undefined) {
      throw responseInvalid(origin, `status ${res.status}, which this route does not answer`);
    }
    const value = route.contentType === undefined ? parseJson(text) : text;
    if (value === NOT_JSON) throw responseInvalid(origin, 'an answer that is not JSON');
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw responseInvalid(origin, "an answer off the route's schema", parsed.error.issues);
    }
    return { ok: true, answer: { status: res.status, body: parsed.data } as HostAnswer<Op> };
  }

  private headers(route: ApiRoute, req: HostRequest): Record<string, string> {
    const headers: Record<string, string> = {
      accept: route.contentType ?? 'application/json',
    };
    if (this.settings.token !== undefined) headers.authorization = `Bearer ${this.settings.token}`;
    if (route.body !== undefined) headers['content-type'] = 'application/json';
    for (const [name, value] of Object.entries(req.headers ?? {})) {
      if (value !== undefined) headers[name] = value;
    }
    return headers;
  }
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** `/api/v1/tenants/:tenant/...` with each parameter encoded, plus the defined query values. */
export function pathOf(route: ApiRoute, req: Pick<HostRequest, 'params' | 'query'>): string {
  const path = route.path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const value = req.params?.[name];
    if (value === undefined) throw new TypeError(`${route.path}: no value for :${name}`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(req.query ?? {})) {
    if (value !== undefined) query.set(name, String(value));
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}
