// The host in a process of its own, started with --expose-gc by the load suite
// (src/load/gcHost.ts): it answers {cmd:'heap'} over IPC with its heapUsed after a forced full
// GC, and {cmd:'stop'} with a graceful close. Its log lines go to its stdout, as in production.
const { startHost } = require('@dealix/connector-host');

const [configFile, rootDir] = process.argv.slice(2);

async function run() {
  const host = await startHost({
    configFile,
    rootDir,
    cwd: process.cwd(),
    port: 0,
    env: process.env,
    print: () => undefined,
  });
  process.on('message', (message) => {
    if (message.cmd === 'heap') {
      globalThis.gc();
      globalThis.gc();
      process.send({ heapUsed: process.memoryUsage().heapUsed });
    } else if (message.cmd === 'stop') {
      void host.close().then(() => process.exit(0));
    }
  });
  process.send({ url: host.url });
}

run().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
