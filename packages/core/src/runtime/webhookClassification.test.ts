import { z } from 'zod';
import { defineConnector, defineOperation } from '../contract/defineConnector';
import { personal } from '../contract/fieldMarks';
import { renderOperationSchemas } from '../contract/operationSchemas';
import type { InboundWebhook } from '../contract/types';
import { validateManifest, type ConnectorManifest } from '../manifest';
import { createMemoryStores } from '../stores/memory';
import { VirtualClock } from './clock';
import { GovernanceRuntime } from './governanceRuntime';

const PHONE = '+966501234567';
const TEXT = 'Please call me about the Riyadh contract';

const messageReceived = z.object({
  message_id: z.string(),
  from: personal(z.string()),
  text: personal(z.string()),
  received_at: z.string(),
});

/** A messaging connector whose verifyWebhook accepts any JSON body (the test is past it). */
function messenger(webhookEvents?: Record<string, z.ZodType>) {
  return defineConnector({
    key: 'messenger',
    config: z.object({}),
    operations: {
      get_status: defineOperation({
        input: z.object({}),
        output: z.object({ ok: z.boolean() }),
        run: async () => ({ ok: true }),
      }),
    },
    healthCheck: async () => ({ status: 'ok' }),
    verifyWebhook: (req: InboundWebhook) => {
      const body = JSON.parse(req.rawBody.toString('utf8')) as { id: string; payload: unknown };
      return {
        kind: 'accepted',
        events: [{ id: body.id, type: 'message_received', payload: body.payload }],
      };
    },
    ...(webhookEvents && { webhookEvents }),
  });
}

function manifest(): ConnectorManifest {
  const result = validateManifest(
    {
      manifest_version: 1,
      connector_key: 'messenger',
      display_name: 'Messenger (test)',
      display_name_ar: 'المراسل',
      contract_url: 'https://example.com/messenger',
      owners: ['platform'],
      approval_policy: 'auto',
      data_classification: 'confidential',
      idempotent: true,
      retry_max: 0,
      retry_backoff_ms: [],
      timeout_ms: 1000,
      audit_events: ['status_read', 'status_failed', 'message_received'],
      allowed_hosts: ['example.com'],
      operations: {
        get_status: {
          kind: 'read',
          description: 'Reads a status.',
          audit_events: { success: 'status_read', failure: 'status_failed' },
        },
      },
      webhook_events: ['message_received'],
      config: {},
    },
    { file: 'messenger/connector.json' },
  );
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.manifest;
}

async function receive(plugin: ReturnType<typeof messenger>, payload: unknown, id = 'wamid.1') {
  const stores = createMemoryStores();
  const runtime = new GovernanceRuntime({ stores, clock: new VirtualClock() });
  await runtime.register({
    tenant: 'acme',
    plugin,
    manifest: manifest(),
    version: '1.0.0',
    config: {},
  });
  const delivery = (body: unknown) =>
    runtime.receiveWebhook('acme', 'messenger', {
      method: 'POST',
      url: 'https://connectors.example.com/webhooks/acme/messenger',
      query: {},
      headers: {},
      rawBody: Buffer.from(JSON.stringify(body)),
      receivedAt: Date.now(),
    });
  return { stores, runtime, result: await delivery({ id, payload }).catch((e: unknown) => e) };
}

// Issue 9 item 9: webhook payloads went into the audit chain as received (a confidential
// connector's phone numbers and message texts included), and the outbox kept that same copy.
describe('webhook payloads are classified', () => {
  const payload = {
    message_id: 'wamid.1',
    from: PHONE,
    text: TEXT,
    received_at: '2024-05-01T10:00:00Z',
  };

  it('keeps a phone number and a message text out of audit rows and in the outbox event', async () => {
    const { stores, result } = await receive(
      messenger({ message_received: messageReceived }),
      payload,
    );
    expect(result).toMatchObject({ kind: 'accepted', accepted: 1 });
    const audit = JSON.stringify(await stores.audit.list());
    expect(audit).not.toContain(PHONE);
    expect(audit).not.toContain(TEXT);
    expect(audit).toContain('wamid.1');
    expect(audit).toContain('[personal]');
    const [event] = await stores.outbox.list('acme', undefined, 10);
    expect(event!.payload).toEqual(payload);
  });

  it('keeps only a digest in audit when a confidential connector describes no schema', async () => {
    const { stores } = await receive(messenger(), payload);
    const [record] = await stores.audit.list();
    expect(record!.payload).toMatchObject({
      payload: { redacted: 'restricted', digest: expect.stringMatching(/^sha256:/) },
    });
    expect(JSON.stringify(record)).not.toContain(PHONE);
  });

  it('refuses a payload that does not fit the declared schema, storing nothing', async () => {
    const { stores, result } = await receive(messenger({ message_received: messageReceived }), {
      message_id: 'x',
    });
    expect(result).toMatchObject({ code: 'DLX_E_WEBHOOK_MALFORMED' });
    expect(await stores.outbox.list('acme', undefined, 10)).toEqual([]);
    expect(await stores.audit.list()).toEqual([]);
  });

  it('renders each event schema as schemas/webhooks/<event>.json with its personal marks', () => {
    const files = renderOperationSchemas(messenger({ message_received: messageReceived }));
    const schema = JSON.parse(files['webhooks/message_received.json']!) as {
      properties: Record<string, { personal?: boolean }>;
    };
    expect(schema.properties.from).toMatchObject({ personal: true });
    expect(schema.properties.message_id!.personal).toBeUndefined();
  });

  it('makes the loader refuse schemas that do not match webhook_events', async () => {
    const runtime = new GovernanceRuntime({ stores: createMemoryStores() });
    await expect(
      runtime.register({
        tenant: 'acme',
        plugin: messenger({ message_sent: messageReceived }),
        manifest: manifest(),
        version: '1.0.0',
        config: {},
      }),
    ).rejects.toMatchObject({
      code: 'DLX_E_LOADER_CONTRACT_MISMATCH',
      message: expect.stringContaining(
        'webhook event "message_received" is in the manifest but has no schema',
      ),
    });
  });
});
