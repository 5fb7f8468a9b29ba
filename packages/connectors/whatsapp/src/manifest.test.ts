import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderOperationSchemas, resolveOperationPolicy } from '@dealix/connector-core';
import { PACKAGE_DIR, loadManifest } from './__fixtures__/whatsAppHarness';
import { connector } from './index';
import { MESSAGE_RECEIVED, WHATSAPP_STATUS_EVENTS } from './webhookNotifications';

// The manifest schema, code agreeing with it and fresh schemas/ are conformance checks
// (conformance.test.ts); here, what is particular to WhatsApp.
describe('connector.json', () => {
  const manifest = loadManifest();

  it('never re-sends a message: sends are not idempotent, free-form text needs approval', () => {
    const policies = Object.fromEntries(
      Object.keys(manifest.operations).map((name) => {
        const policy = resolveOperationPolicy(manifest, name);
        return [name, [policy.approval_policy, policy.idempotent]];
      }),
    );
    expect(policies).toEqual({
      send_text: ['approval_required', false],
      send_template: ['auto', false],
      mark_read: ['auto', true],
    });
  });

  it('compensates nothing, saying why, and suggests limits under Cloud API throughput', () => {
    for (const operation of Object.values(manifest.operations)) {
      expect(operation.compensation).toBe('none');
      expect(operation.compensation_note).toMatch(/cannot/);
    }
    expect(manifest.suggested_limits).toEqual({
      max_concurrency: 10,
      max_requests_per_second: 80,
    });
  });

  it('declares every audit event the webhook mapping produces', () => {
    expect([...Object.values(WHATSAPP_STATUS_EVENTS), MESSAGE_RECEIVED].sort()).toEqual(
      [...(manifest.webhook_events ?? [])].sort(),
    );
  });
});

describe('schemas/', () => {
  const rendered = renderOperationSchemas(connector);
  const schema = (name: string) =>
    JSON.parse(rendered[name]!) as {
      properties: Record<string, { personal?: boolean; items?: { personal?: boolean } }>;
    };

  it('holds one schema per webhook event the connector maps', () => {
    expect(readdirSync(join(PACKAGE_DIR, 'schemas', 'webhooks')).sort()).toEqual(
      [...Object.values(WHATSAPP_STATUS_EVENTS), MESSAGE_RECEIVED].map((e) => `${e}.json`).sort(),
    );
  });

  it('marks the customer, the words and the template parameters personal', () => {
    const text = schema('send_text.input.json').properties;
    expect([text.to?.personal, text.body?.personal]).toEqual([true, true]);
    const template = schema('send_template.input.json').properties;
    expect(template.body_parameters?.items?.personal).toBe(true);
    expect(template.header_parameters?.items?.personal).toBe(true);
    const received = schema('webhooks/message_received.json').properties;
    expect([
      received.from?.personal,
      received.text?.personal,
      received.profile_name?.personal,
    ]).toEqual([true, true, true]);
    expect(schema('webhooks/message_read.json').properties.recipient_id?.personal).toBe(true);
  });
});
