// The floor of the scale benchmarks: a bare process that finds the same connector packages (the
// workspace's `<dir>/*` patterns), reads and JSON-parses each package.json, validates each
// manifest with core's zod schema (parseManifestText) and `require()`s each built entry.
//   node bench/floorProcess.js <root> --stay      host startup (hostStartup): prints "ready: N"
//                                                 and stays up until stopped, as a host does
//   node bench/floorProcess.js <root> --schemas   gate check (gateScale): also reads and parses
//                                                 every schemas/*.json (check compares them), exits
//   node bench/floorProcess.js <root> --ready <db> the ready floor of host startup: --stay, plus
//                                                 what any host must do to be ready, overlapped as
//                                                 well as it can be: a worker thread opens the SQLite
//                                                 database <db> with its migrations
//                                                 (floorDatabaseWorker.js) while the plugins load,
//                                                 and a bare node:http server listens on 127.0.0.1
//   ... --ready <db> --libraries                  the same, built from the host's libraries:
//                                                 commander parses the command line, a pino
//                                                 logger and a prom-client registry are made, and
//                                                 fastify (one route, its schema compilers loaded
//                                                 on first use as the host does) listens instead
//                                                 of node:http
//   ... --ready <db> --libraries --instances <config>
//                                                 the instances floor: the libraries floor that also
//                                                 keeps each validated manifest and, once every
//                                                 plugin is loaded, makes each tenant's instance as
//                                                 any host must: the tenant's config from the host
//                                                 config <config> (secrets from the environment)
//                                                 parsed by the plugin's own zod schema, and the
//                                                 plugin's initialize() awaited
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseManifestText } = require('@dealix/connector-core');

const [root, ...flags] = process.argv.slice(2);
const schemas = flags.includes('--schemas');
const readyDb = flags.includes('--ready') ? flags[flags.indexOf('--ready') + 1] : undefined;
const stay = flags.includes('--stay') || readyDb !== undefined;
const libraries = flags.includes('--libraries') ? hostLibraries() : undefined;
const instancesConfig = flags.includes('--instances')
  ? flags[flags.indexOf('--instances') + 1]
  : undefined;
if (stay) process.once('SIGTERM', () => process.exit(0));
// Started first, so the database opens on the other core while the plugins load.
const database = readyDb === undefined ? undefined : openDatabaseInWorker(readyDb);

const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
let loaded = 0;
/** Per connector key: its validated manifest and plugin (the instances floor keeps them). */
const kept = new Map();
for (const pattern of workspaces) {
  const parent = join(root, pattern.replace(/\/\*$/, ''));
  for (const name of readdirSync(parent).sort()) {
    const dir = join(parent, name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = join(dir, pkg.dealix.connector);
    const parsed = parseManifestText(readFileSync(file, 'utf8'), file);
    if (!parsed.ok) throw new Error(`${file}: ${parsed.issues[0].message}`);
    if (schemas) {
      for (const schema of readdirSync(join(dir, 'schemas')).filter((f) => f.endsWith('.json')))
        JSON.parse(readFileSync(join(dir, 'schemas', schema), 'utf8'));
    }
    const { connector } = require(join(dir, pkg.main));
    if (!connector) throw new Error(`${dir}: no connector export`);
    if (instancesConfig !== undefined)
      kept.set(parsed.manifest.connector_key, { manifest: parsed.manifest, connector });
    loaded++;
  }
}
if (readyDb === undefined) {
  if (stay) require('node:timers').setInterval(() => undefined, 60_000);
  process.stdout.write(`ready: ${loaded} connectors\n`);
} else {
  const listening = libraries
    ? libraries.fastify().listen({ host: '127.0.0.1', port: 0 })
    : new Promise((resolve) =>
        require('node:http')
          .createServer((_req, res) => res.end('ok'))
          .listen(0, '127.0.0.1', resolve),
      );
  const instances = instancesConfig === undefined ? undefined : makeInstances(instancesConfig);
  Promise.all([database, listening, instances]).then(() =>
    process.stdout.write(`ready: ${loaded} connectors, database open, listening\n`),
  );
}

/**
 * What any host does per (tenant, connector) before it is ready: the tenant's raw config (an
 * `{ env }` value read from the environment) parsed by the plugin's zod schema, initialize()
 * awaited with that config. Instances are kept, as a host keeps them.
 */
async function makeInstances(configFile) {
  const { tenants } = JSON.parse(readFileSync(configFile, 'utf8'));
  const instances = [];
  for (const tenant of Object.values(tenants)) {
    // One tenant's instance per configured connector, as the host makes them.
    for (const [key, raw] of Object.entries(tenant.connectors)) {
      const { manifest, connector: plugin } = kept.get(key);
      // The manifest's defaults, and numbers and booleans from the environment's strings.
      const values = {};
      for (const [field, spec] of Object.entries(manifest.config)) {
        const given = raw[field];
        let value =
          (typeof given === 'object' && given !== null ? process.env[given.env] : given) ??
          spec.default;
        if (value === undefined || value === '') continue;
        if (spec.type === 'number' && typeof value === 'string') value = Number(value);
        if (spec.type === 'boolean' && typeof value === 'string') value = value === 'true';
        values[field] = value;
      }
      const config = plugin.config.safeParse(values, { jitless: true }); // one parse per schema
      if (!config.success) throw new Error(`${key}: config: ${config.error.issues[0].message}`);
      const state = await plugin.initialize({ config: config.data, log: console });
      instances.push({ key, config: config.data, state });
    }
  }
  return instances;
}

/** The host's libraries, resolved from the host package, set up as the host sets them up. */
function hostLibraries() {
  const fromHost = require('node:module').createRequire(
    join(__dirname, '..', 'packages', 'host', 'package.json'),
  );
  const { Command } = fromHost('commander');
  new Command('floor')
    .argument('<root>')
    .option('--ready <db>')
    .option('--libraries')
    .option('--instances <config>')
    .allowUnknownOption()
    .parse();
  const logger = fromHost('pino')({ level: 'info' }, process.stdout);
  new (fromHost('prom-client').Registry)();
  return {
    fastify: () => {
      // As the host makes it (server/lazySchemaCompilers.ts): fastify's schema compilers (ajv,
      // fast-json-stringify) are loaded by the first route with a JSON schema, here none.
      const fromFastify = require('node:module').createRequire(fromHost.resolve('fastify'));
      const lazy = (name) => {
        let made;
        return (...args) => (made ??= fromFastify(name)())(...args);
      };
      const app = fromHost('fastify')({
        loggerInstance: logger,
        schemaController: {
          compilersFactory: {
            buildValidator: lazy('@fastify/ajv-compiler'),
            buildSerializer: lazy('@fastify/fast-json-stringify-compiler'),
          },
        },
      });
      app.get('/readyz', async () => ({ status: 'ready' }));
      return app;
    },
  };
}

function openDatabaseInWorker(file) {
  const { Worker } = require('node:worker_threads');
  const worker = new Worker(require('node:path').join(__dirname, 'floorDatabaseWorker.js'), {
    workerData: { file },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
