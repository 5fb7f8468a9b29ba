// `npm run lint`: ESLint and Prettier's check over the repository, side by side. Each is one
// single-threaded process, so on a two-core CI machine running them together saves the shorter
// one's time. Each one's output is printed whole once it ends (no interleaving); the exit code
// is non-zero if either failed.
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);

const checks = [
  { name: 'eslint', command: bin('eslint'), args: ['.', '--max-warnings=0'] },
  { name: 'prettier', command: bin('prettier'), args: ['--check', '.'] },
];

function run({ name, command, args }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => resolve({ name, code: 1, output: `${error.message}\n` }));
    child.on('close', (code, signal) =>
      resolve({ name, code: code ?? 1, signal, output: Buffer.concat(output).toString() }),
    );
  });
}

Promise.all(checks.map(run)).then((results) => {
  let failed = false;
  for (const { name, code, signal, output } of results) {
    process.stdout.write(output);
    if (code !== 0) {
      failed = true;
      console.error(`${name} failed (${signal ?? `exit code ${code}`})`);
    }
  }
  process.exitCode = failed ? 1 : 0;
});
