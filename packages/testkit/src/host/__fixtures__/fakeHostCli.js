// Stands in for `dealix-connectors start` in spawnHost's own tests (the testkit does not depend
// on the host): with FAKE_HOST=ready it serves /readyz and prints the line spawnHost waits for;
// with FAKE_HOST=fail it prints a reason and exits 1 before it is ready.
const { createServer } = require('node:http');

if (process.env.FAKE_HOST === 'fail') {
  console.error('config refused: no tenants');
  process.exit(1);
}
const server = createServer((req, res) => {
  res.statusCode = req.url === '/readyz' ? 200 : 404;
  res.end();
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  console.log(`Governance board: http://127.0.0.1:${port}/board`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
