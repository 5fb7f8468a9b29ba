import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkPluginAgainstManifest,
  resolveOperationPolicy,
  validateManifest,
} from '@dealix/connector-core';
import { committedSchemaFiles, renderOperationSchemas } from '@dealix/connector-core';
import { PACKAGE_DIR } from './__fixtures__/stripeHarness';
import { connector } from './index';
import { STRIPE_WEBHOOK_EVENTS } from './webhooks';

const manifestJson = JSON.parse(
  readFileSync(join(PACKAGE_DIR, 'connector.json'), 'utf8'),
) as Record<string, unknown>;

describe('connector.json', () => {
  const result = validateManifest(manifestJson, { file: 'stripe/connector.json' });
  const manifest = result.ok ? result.manifest : undefined;

  it("passes core's manifest schema and every cross-field rule", () => {
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(manifestJson.$schema).toBe('../../core/connector-manifest.schema.json');
  });

  it('agrees with the code: key, operations, compensations, config fields and webhooks', () => {
    expect(checkPluginAgainstManifest(connector, manifest!)).toEqual([]);
  });

  it('requires approval exactly for the operations that can move money', () => {
    const approval = Object.fromEntries(
      Object.keys(manifest!.operations).map((name) => [
        name,
        resolveOperationPolicy(manifest!, name).approval_policy,
      ]),
    );
    expect(approval).toEqual({
      create_payment_intent: 'approval_required',
      retrieve_payment_intent: 'auto',
      cancel_payment_intent: 'auto',
      refund_payment_intent: 'approval_required',
      reverse_payment_intent: 'approval_required',
    });
  });

  it('declares every audit event the webhook mapping produces', () => {
    expect([...Object.values(STRIPE_WEBHOOK_EVENTS)].sort()).toEqual(
      [...(manifest!.webhook_events ?? [])].sort(),
    );
  });
});

describe('schemas/', () => {
  const dir = join(PACKAGE_DIR, 'schemas');
  const expected = new Map(Object.entries(renderOperationSchemas(connector)));

  it('holds exactly one input and one output schema per operation, one per webhook event', () => {
    expect(committedSchemaFiles(PACKAGE_DIR).sort()).toEqual([...expected.keys()].sort());
    expect(readdirSync(join(dir, 'webhooks')).sort()).toEqual(
      Object.values(STRIPE_WEBHOOK_EVENTS)
        .filter((event, i, all) => all.indexOf(event) === i)
        .map((event) => `${event}.json`)
        .sort(),
    );
  });

  it.each([...expected.keys()])('%s is fresh (run `npm run generate` if not)', (name) => {
    expect(readFileSync(join(dir, name), 'utf8')).toBe(expected.get(name));
  });

  it('marks personal input fields for reviewers and the gate', () => {
    const create = JSON.parse(expected.get('create_payment_intent.input.json')!) as {
      properties: Record<
        string,
        { personal?: boolean; additionalProperties?: { personal?: boolean } }
      >;
    };
    expect(create.properties.receipt_email?.personal).toBe(true);
    expect(create.properties.metadata?.additionalProperties?.personal).toBe(true);
  });
});
