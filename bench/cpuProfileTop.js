// Where the time goes in a --cpu-prof profile: the top frames by self time, each with its
// share of the samples and its source (file:line), and the share of each package/file.
// Usage: node bench/cpuProfileTop.js <file.cpuprofile> [count]
const { readFileSync } = require('node:fs');
const { relative } = require('node:path');

function top(file, count = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (const id of profile.samples) self.set(id, (self.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const frames = new Map();
  const files = new Map();
  for (const [id, n] of self) {
    const f = byId.get(id).callFrame;
    const where = f.url ? shortUrl(f.url) : '(native)';
    const key = `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`;
    frames.set(key, (frames.get(key) ?? 0) + n);
    const group = f.url ? where.replace(/:.*$/, '') : f.functionName;
    files.set(group, (files.get(group) ?? 0) + n);
  }
  // Inclusive: each sample counts once for every file on its stack.
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const inclusive = new Map();
  for (const [id, n] of self) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const url = byId.get(at).callFrame.url;
      if (url) seen.add(shortUrl(url));
    }
    for (const f of seen) inclusive.set(f, (inclusive.get(f) ?? 0) + n);
  }
  const pct = (n) => `${((100 * n) / total).toFixed(1)}%`;
  const lines = [`${file}: ${total} samples`, '', 'self time by frame:'];
  for (const [k, n] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    lines.push(`  ${pct(n).padStart(6)}  ${k}`);
  }
  lines.push('', 'self time by file:');
  for (const [k, n] of [...files].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    lines.push(`  ${pct(n).padStart(6)}  ${k}`);
  }
  lines.push('', 'total time by file (the file anywhere on the stack):');
  for (const [k, n] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    lines.push(`  ${pct(n).padStart(6)}  ${k}`);
  }
  return lines.join('\n');
}

function shortUrl(url) {
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm + 'node_modules/'.length);
  return relative(process.cwd(), path);
}

if (require.main === module) console.log(top(process.argv[2], Number(process.argv[3] ?? 25)));

module.exports = { top };
