// Generated connector packages for the scale benchmarks (gate diff, gate check + diff, host
// startup): valid manifests that vary in size and policies, and a built entry per package made
// with core's defineConnector whose operation schemas match the committed schemas/ files.
const { mkdirSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const CLASSES = ['public', 'internal', 'confidential', 'restricted'];
const CORE_ENTRY = require.resolve('@dealix/connector-core');

function write(root, path, text) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

const keyFor = (i) => `conn_${String(i).padStart(4, '0')}`;
const packageDirFor = (i) => keyFor(i).replace(/_/g, '-');

/**
 * A valid manifest; i varies its size and policies (2-9 operations, 1-4 config fields...).
 * `restricted` false keeps every classification below restricted (a host without data keys
 * refuses restricted connectors).
 */
function manifestFor(i, { restricted: allowRestricted = true } = {}) {
  const key = keyFor(i);
  const classification = CLASSES[i % (allowRestricted ? 4 : 3)];
  const restricted = classification === 'restricted';
  const operations = {};
  const events = [];
  for (let n = 0; n < 2 + (i % 8); n++) {
    const write = n % 3 === 1;
    const op = `${write ? 'create' : 'read'}_thing_${n}`;
    events.push(`${op}_ok`, `${op}_failed`);
    operations[op] = {
      kind: write ? 'write' : 'read',
      description: `Operation ${n} of connector ${i}.`,
      ...(write && {
        approval_policy: 'approval_required',
        compensation: 'none',
        compensation_note: 'Vendor keeps it.',
      }),
      ...(restricted && !write && n % 2 === 0 && { data_classification: 'confidential' }),
      ...(n % 4 === 3 && { timeout_ms: 2000 + n, retry_max: 1, retry_backoff_ms: [250] }),
      audit_events: { success: `${op}_ok`, failure: `${op}_failed` },
    };
  }
  const config = { api_key: { type: 'secret', required: true, description: 'API key.' } };
  if (i % 2 === 0) {
    config.base_url = {
      type: 'url',
      required: false,
      description: 'Base URL.',
      default: `https://api${i}.example.com`,
      host_pattern: `api${i}.example.com`,
    };
  }
  if (i % 3 === 0)
    config.region = { type: 'string', required: false, description: 'Region.', default: 'eu' };
  if (i % 5 === 0)
    config.page_size = { type: 'number', required: false, description: 'Page size.', default: 50 };
  return {
    $schema: '../../core/connector-manifest.schema.json',
    manifest_version: 1,
    connector_key: key,
    display_name: `Connector ${i}`,
    display_name_ar: 'موصل',
    contract_url: `https://docs.example.com/api/${i}`,
    owners: [`team-${i % 17}`],
    approval_policy: i % 7 === 0 ? 'approval_required' : 'auto',
    data_classification: classification,
    idempotent: i % 2 === 1,
    retry_max: 2,
    retry_backoff_ms: [200, 400],
    timeout_ms: 5000 + i,
    audit_events: events,
    allowed_hosts: [
      `api${i}.example.com`,
      ...(i % 2 === 0 ? ['${config.base_url}'] : []),
      ...(i % 9 === 0 ? ['*.cdn.example.com'] : []),
    ],
    operations,
    config,
    ...(i % 6 === 0 && {
      metrics: [{ name: `${key}_things_total`, type: 'counter', unit: 'things', labels: ['op'] }],
    }),
  };
}

function packageJsonFor(manifest) {
  return {
    name: `@dealix/connector-${manifest.connector_key.replace(/_/g, '-')}`,
    version: '0.1.0',
    main: 'dist/index.js',
    dealix: { connector: 'connector.json' },
    peerDependencies: { '@dealix/connector-core': '^1.0.0' },
  };
}

/**
 * The zod source of operation n's input schema; `narrowed` makes `amount` required (a breaking
 * change the gate's diff must find).
 */
const inputSource = (n, narrowed = false) =>
  `z.object({ id: z.string().min(1), amount: z.number().min(${n})${narrowed ? '' : '.optional()'}, note: z.string().optional() })`;
const OUTPUT_SOURCE = 'z.strictObject({ id: z.string() })';

/** dist/index.js as a build would write it (a plugin made with core's defineConnector). */
function entrySource(manifest, narrowed = new Set()) {
  const configFields = Object.entries(manifest.config)
    .map(([name, field]) => {
      const base = field.type === 'number' ? 'z.number()' : 'z.string()';
      const type = field.type === 'secret' ? `secret(${base})` : base;
      return `${name}: ${type}${field.required ? '' : '.optional()'}`;
    })
    .join(', ');
  const ops = Object.keys(manifest.operations)
    .map(
      (op, n) =>
        `    ${op}: defineOperation({ input: ${inputSource(n, narrowed.has(op))}, output: ${OUTPUT_SOURCE}, run: async (input) => ({ id: input.id }) }),`,
    )
    .join('\n');
  return `"use strict";
const { z, defineConnector, defineOperation, secret } = require(${JSON.stringify(CORE_ENTRY)});
exports.connector = defineConnector({
  key: ${JSON.stringify(manifest.connector_key)},
  config: z.object({ ${configFields} }),
  initialize: async () => ({}),
  operations: {
${ops}
  },
  healthCheck: async () => ({ status: 'ok' }),
});
`;
}

/** schemas/<op>.input.json and .output.json as the built entry renders them (core's z). */
function renderedSchemas(manifest, narrowed = new Set()) {
  const { z } = require('@dealix/connector-core');
  const files = {};
  Object.keys(manifest.operations).forEach((op, n) => {
    const input = z.object({
      id: z.string().min(1),
      amount: narrowed.has(op) ? z.number().min(n) : z.number().min(n).optional(),
      note: z.string().optional(),
    });
    const output = z.strictObject({ id: z.string() });
    files[`schemas/${op}.input.json`] = json(z.toJSONSchema(input, { io: 'input' }));
    files[`schemas/${op}.output.json`] = json(z.toJSONSchema(output, { io: 'output' }));
  });
  return files;
}

/**
 * Writes connector i under `root/dir`: package.json, connector.json, README, CHANGELOG, the
 * operation schemas and (with `entry`) the built dist/index.js. Returns the manifest.
 */
function writeConnector(root, dir, manifest, { entry = true, schemas = true } = {}) {
  write(root, `${dir}/package.json`, json(packageJsonFor(manifest)));
  write(root, `${dir}/connector.json`, json(manifest));
  write(root, `${dir}/README.md`, `# ${manifest.display_name}\n`);
  write(root, `${dir}/CHANGELOG.md`, `# ${manifest.display_name}\n`);
  if (schemas) {
    for (const [file, text] of Object.entries(renderedSchemas(manifest)))
      write(root, `${dir}/${file}`, text);
  }
  if (entry) write(root, `${dir}/dist/index.js`, entrySource(manifest));
  return manifest;
}

module.exports = {
  CORE_ENTRY,
  keyFor,
  packageDirFor,
  manifestFor,
  packageJsonFor,
  entrySource,
  renderedSchemas,
  writeConnector,
  write,
  json,
};
