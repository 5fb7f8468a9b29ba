import { EXIT, type CliIo } from './commands';

export interface SandboxClientOptions {
  /** The running host; default $DLX_URL, else http://127.0.0.1:4100. */
  url?: string;
  /** An operator token; default $DLX_TOKEN. */
  token?: string;
  json?: boolean;
}

interface SandboxView {
  host_url: string;
  connectors: Array<{
    key: string;
    simulator_url: string;
    fault_api: string | null;
    webhook_url: string;
    webhook_secrets: Record<string, string>;
    webhook_events: string[];
  }>;
}

interface Delivery {
  connector: string;
  event: string;
  vendor_event_type: string;
  delivered_to: string;
  accepted: boolean;
  response: { status: number; body: unknown };
}

/** Talks to a running host in sandbox mode; resolves to the exit code. */
async function askHost<T>(
  method: 'GET' | 'POST',
  path: string,
  opts: SandboxClientOptions,
  io: CliIo,
  show: (answer: T) => number,
): Promise<number> {
  const given = opts.url ?? io.env.DLX_URL;
  if (given !== undefined && !isHttpUrl(given)) {
    // Else fetch fails and the message blamed a host that is not running.
    io.err(`${opts.url !== undefined ? '--url' : 'DLX_URL'}: ${given} is not an http(s) URL`);
    return EXIT.usage;
  }
  const base = (given ?? 'http://127.0.0.1:4100').replace(/\/+$/, '');
  const token = opts.token ?? io.env.DLX_TOKEN;
  if (!token) {
    io.err('give the operator token the host printed: --token <token> or $DLX_TOKEN');
    return EXIT.usage;
  }
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    io.err(`no host answers at ${base} (${(error as Error).message}); start it with \`npm start\``);
    return EXIT.failed;
  }
  const answer = (await res.json().catch(() => null)) as
    (T & { error?: undefined }) | { error: { code: string; message: string } } | null;
  if (!res.ok || answer === null || answer.error !== undefined) {
    const error = answer?.error;
    // A configured host registers no sandbox route: its 404 is about the mode, not the route.
    if (res.status === 404 && error?.code === 'DLX_E_HOST_NOT_FOUND') {
      io.err(
        `the host at ${base} is not in sandbox mode (it has tenants configured): the sandbox commands drive a host started with no tenant`,
      );
      return EXIT.failed;
    }
    io.err(error ? `${error.code}: ${error.message}` : `the host answered HTTP ${res.status}`);
    return EXIT.failed;
  }
  if (opts.json) {
    io.out(JSON.stringify(answer, null, 2));
    return EXIT.ok;
  }
  return show(answer as T);
}

/** `sandbox show`: each sandbox connector's simulator, webhook URL and webhook secrets. */
export function sandboxShowCommand(opts: SandboxClientOptions, io: CliIo): Promise<number> {
  return askHost<SandboxView>('GET', '/api/v1/sandbox', opts, io, (view) => {
    const line = (label: string, value: string) => io.out(`  ${`${label}:`.padEnd(16)}${value}`);
    io.out(`Sandbox at ${view.host_url} (tenant "sandbox")`);
    for (const c of view.connectors) {
      io.out(`\n${c.key}`);
      line('simulator', c.simulator_url);
      if (c.fault_api) line('fault API', `POST ${c.fault_api} (a fault rule as JSON)`);
      // Only where the connector takes webhooks: a URL shown for one that does not invited
      // deliveries it refuses as unsigned.
      const takesWebhooks =
        c.webhook_events.length > 0 || Object.keys(c.webhook_secrets).length > 0;
      if (takesWebhooks) line('webhook URL', c.webhook_url);
      for (const [field, value] of Object.entries(c.webhook_secrets)) line(field, value);
      if (c.webhook_events.length > 0) line('trigger', c.webhook_events.join(', '));
    }
    return EXIT.ok;
  });
}

/** `sandbox trigger <key> <webhook_event>`: the simulator sends a signed delivery to the host. */
export function sandboxTriggerCommand(
  key: string,
  event: string,
  opts: SandboxClientOptions,
  io: CliIo,
): Promise<number> {
  const path = `/api/v1/sandbox/connectors/${encodeURIComponent(key)}/webhooks/${encodeURIComponent(event)}`;
  return askHost<Delivery>('POST', path, opts, io, (d) => {
    const body = d.response.body as { accepted?: number; error?: { code: string } } | string;
    const outcome =
      typeof body === 'object' && body.accepted !== undefined
        ? `${body.accepted} event(s) accepted`
        : typeof body === 'object' && body.error
          ? body.error.code
          : String(body);
    io.out(
      `delivered ${d.event} (${d.vendor_event_type}) to ${d.delivered_to}: HTTP ${d.response.status}, ${outcome}`,
    );
    if (d.accepted) io.out('the outbox has it: GET /api/v1/tenants/sandbox/events');
    return d.accepted ? EXIT.ok : EXIT.failed;
  });
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
