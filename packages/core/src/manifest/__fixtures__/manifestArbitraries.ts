import fc from 'fast-check';
import type { ConnectorManifest, ManifestConfigField, ManifestOperation } from '../manifestSchema';
import {
  APPROVAL_POLICIES,
  CLASSIFICATION_ORDER,
  CONFIG_FIELD_TYPES,
  MANIFEST_METRIC_TYPES,
} from '../manifestVocabulary';
import { MANIFEST_MUTATIONS, type MutationResult } from './manifestMutations';

export {
  MANIFEST_MUTATIONS,
  type ManifestMutation,
  type MutationResult,
} from './manifestMutations';

/**
 * fast-check arbitraries of VALID manifests (varied operations, overrides, config maps,
 * wildcard and ${config.x} hosts) and of single mutations that make one invalid, with the path
 * they broke. Built from raw random parts by `buildManifest`, which then satisfies every
 * cross-field rule by construction.
 */

const ARABIC_LETTERS = [...'ابتثجحخدذرزسشصضطظعغفقكلمنهوي '];
// Short names: the mutations use longer ones (>= 16 chars) that cannot collide with these.
const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/).filter((n) => n !== 'none');
const hostLabel = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
const tld = fc.constantFrom('com', 'io', 'net', 'sa');
const literalHost = fc.oneof(
  fc.tuple(hostLabel, hostLabel, tld).map(([a, b, t]) => `${a}.${b}.${t}`),
  fc.tuple(hostLabel, tld).map(([a, t]) => `${a}.${t}`),
  fc
    .tuple(...[0, 1, 2, 3].map(() => fc.integer({ min: 1, max: 254 })))
    .map((parts) => parts.join('.')),
);
const wildcardHost = fc.tuple(hostLabel, tld).map(([a, t]) => `*.${a}.${t}`);
const hostPattern = fc.oneof(
  literalHost.filter((h) => !/\.\d+$/.test(h)),
  wildcardHost,
);
const backoffValues = fc.array(fc.integer({ min: 0, max: 5_000 }), {
  minLength: 10,
  maxLength: 10,
});
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const operationRaw = fc.record({
  kind: fc.constantFrom('read' as const, 'write' as const),
  description: fc.string({ minLength: 1, maxLength: 60 }),
  approval: opt(fc.constantFrom(...APPROVAL_POLICIES)),
  classification: opt(fc.constantFrom(...CLASSIFICATION_ORDER)),
  idempotent: opt(fc.boolean()),
  timeout: opt(fc.integer({ min: 1, max: 60_000 })),
  retry: opt(fc.record({ max: fc.integer({ min: 0, max: 5 }), backoffs: backoffValues })),
  ownBackoffs: opt(backoffValues),
  deadlineExtra: opt(fc.integer({ min: 0, max: 100_000 })),
  successEvent: fc.nat(),
  failureEvent: fc.nat(),
  compensationChoice: fc.nat(),
  readSaysNone: fc.boolean(),
});

const configFieldRaw = fc.record({
  type: fc.constantFrom(...CONFIG_FIELD_TYPES),
  required: fc.boolean(),
  hostPattern: opt(hostPattern),
  referencedInHosts: fc.boolean(),
  withDefault: fc.boolean(),
  number: fc.integer({ min: -1000, max: 1000 }),
  boolean: fc.boolean(),
});

const manifestRaw = fc.record({
  key: name,
  displayName: fc.string({ minLength: 1, maxLength: 40 }),
  displayNameAr: fc
    .string({ unit: fc.constantFrom(...ARABIC_LETTERS), minLength: 1, maxLength: 20 })
    .filter((s) => s.trim() !== ''),
  owners: fc.array(fc.constantFrom('payments', 'platform', 'crm-team'), {
    minLength: 1,
    maxLength: 3,
  }),
  approval: fc.constantFrom(...APPROVAL_POLICIES),
  classification: fc.constantFrom(...CLASSIFICATION_ORDER),
  idempotent: fc.boolean(),
  retryMax: fc.integer({ min: 0, max: 5 }),
  backoffs: backoffValues,
  timeout: fc.integer({ min: 1, max: 60_000 }),
  deadlineExtra: opt(fc.integer({ min: 0, max: 100_000 })),
  events: fc.uniqueArray(name, { minLength: 1, maxLength: 8 }),
  webhookEvents: opt(fc.uniqueArray(name, { maxLength: 3 })),
  operations: fc.uniqueArray(fc.tuple(name, operationRaw), {
    selector: ([n]) => n,
    minLength: 1,
    maxLength: 6,
  }),
  config: fc.uniqueArray(fc.tuple(name, configFieldRaw), { selector: ([n]) => n, maxLength: 5 }),
  hosts: fc.uniqueArray(fc.oneof(literalHost, wildcardHost), { minLength: 1, maxLength: 3 }),
  metrics: opt(
    fc.array(
      fc.record({
        type: fc.constantFrom(...MANIFEST_METRIC_TYPES),
        labels: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z_]{0,8}$/), { maxLength: 3 }),
      }),
      { maxLength: 3 },
    ),
  ),
  directTransport: fc.boolean(),
});

type ManifestRaw = typeof manifestRaw extends fc.Arbitrary<infer T> ? T : never;

const sorted = (values: readonly number[], count: number) =>
  values.slice(0, count).sort((a, b) => a - b);

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function buildManifest(raw: ManifestRaw): ConnectorManifest {
  const deadline = raw.deadlineExtra === undefined ? undefined : raw.timeout + raw.deadlineExtra;
  const writes = raw.operations.filter(([, op]) => op.kind === 'write').map(([n]) => n);
  const used = new Set<string>();
  const operations: Record<string, ManifestOperation> = {};
  for (const [opName, op] of raw.operations) {
    const success = raw.events[op.successEvent % raw.events.length]!;
    const failure = raw.events[op.failureEvent % raw.events.length]!;
    used.add(success).add(failure);
    const timeout = op.timeout ?? raw.timeout;
    let opDeadline = op.deadlineExtra === undefined ? undefined : timeout + op.deadlineExtra;
    if (opDeadline === undefined && deadline !== undefined && timeout > deadline)
      opDeadline = timeout;
    const classification = op.classification ?? raw.classification;
    const approval = op.approval ?? raw.approval;
    const needsApproval =
      op.kind === 'write' && classification === 'restricted' && approval !== 'approval_required';
    const others = writes.filter((w) => w !== opName);
    const choice = op.compensationChoice % (others.length + 1);
    const compensation =
      op.kind === 'read' ? (op.readSaysNone ? 'none' : undefined) : (others[choice] ?? 'none');
    operations[opName] = withoutUndefined({
      kind: op.kind,
      description: op.description,
      approval_policy: needsApproval ? 'approval_required' : op.approval,
      data_classification: op.classification,
      idempotent: op.idempotent,
      timeout_ms: op.timeout,
      retry_max: op.retry?.max,
      retry_backoff_ms: op.retry
        ? sorted(op.retry.backoffs, op.retry.max)
        : op.ownBackoffs && sorted(op.ownBackoffs, raw.retryMax),
      deadline_ms: opDeadline,
      audit_events: { success, failure },
      compensation,
      compensation_note:
        compensation === 'none' && op.kind === 'write'
          ? 'Cannot be undone at the vendor.'
          : undefined,
    });
  }
  const webhookEvents = raw.webhookEvents;
  for (const event of webhookEvents ?? []) used.add(event);
  const config: Record<string, ManifestConfigField> = {};
  const configHosts: string[] = [];
  for (const [fieldName, field] of raw.config) {
    const hostField = field.type === 'string' || field.type === 'url';
    const pattern = hostField ? field.hostPattern : undefined;
    const host = pattern === undefined ? 'example.com' : pattern.replace(/^\*\./, 'tenant.');
    const defaults: Record<string, string | number | boolean | undefined> = {
      string: pattern === undefined ? 'value' : host,
      url: `https://${host}/v1`,
      number: field.number,
      boolean: field.boolean,
    };
    config[fieldName] = withoutUndefined({
      type: field.type,
      required: field.required,
      description: `The ${fieldName} setting.`,
      default: field.withDefault ? defaults[field.type] : undefined,
      host_pattern: pattern,
    });
    if (pattern !== undefined && field.referencedInHosts)
      configHosts.push(`\${config.${fieldName}}`);
  }
  return withoutUndefined({
    $schema: '../../core/connector-manifest.schema.json',
    manifest_version: 1 as const,
    connector_key: raw.key,
    display_name: raw.displayName,
    display_name_ar: raw.displayNameAr,
    contract_url: `https://docs.${raw.key.replace(/_/g, '-')}.example.com/api`,
    owners: raw.owners,
    approval_policy: raw.approval,
    data_classification: raw.classification,
    idempotent: raw.idempotent,
    retry_max: raw.retryMax,
    retry_backoff_ms: sorted(raw.backoffs, raw.retryMax),
    timeout_ms: raw.timeout,
    deadline_ms: deadline,
    audit_events: [...used],
    allowed_hosts: [...raw.hosts, ...configHosts],
    operations,
    webhook_events: webhookEvents,
    config,
    metrics: raw.metrics?.map((m, i) => ({
      name: `${raw.key}_metric_${i}_total`,
      type: m.type,
      unit: 'calls',
      labels: m.labels,
    })),
    direct_transports: raw.directTransport
      ? [{ library: 'nodemailer', reason: 'SMTP is not HTTP.' }]
      : undefined,
  });
}

/** Valid manifests, each passing validateManifest. */
export function validManifestArbitrary(): fc.Arbitrary<ConnectorManifest> {
  return manifestRaw.map(buildManifest);
}

export interface MutatedManifest extends MutationResult {
  mutation: string;
}

/** A valid manifest with one mutation that makes it invalid, and where it broke. */
export function mutatedManifestArbitrary(): fc.Arbitrary<MutatedManifest> {
  return fc
    .tuple(validManifestArbitrary(), fc.constantFrom(...MANIFEST_MUTATIONS), fc.nat())
    .map(([manifest, mutation, pick]) => {
      const copy = structuredClone(manifest);
      const applied = mutation.apply(copy, pick) ?? MANIFEST_MUTATIONS[0]!.apply(copy, pick)!;
      return { mutation: mutation.name, ...applied };
    });
}
