// Where the time goes in a `node --cpu-prof` profile: self time per function (name, file and
// line, paths relative to the repository), the largest first.
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

function topSelfFrames(file, count, root) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  const deltas = profile.timeDeltas;
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = deltas[i + 1] ?? 0;
    totalUs += us;
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = url ? relative(root, url.replace(/^file:\/\//, '')) : '';
    const frame = `${functionName || '(anonymous)'} ${where}${where ? `:${lineNumber + 1}` : ''}`;
    selfUs.set(frame, (selfUs.get(frame) ?? 0) + us);
  });
  const frames = [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, us]) => ({ frame: frame.trim(), self_ms: Math.round(us / 100) / 10 }));
  return { total_ms: Math.round(totalUs / 1000), frames };
}

/** The top frames of the main thread's profile in `dir` (one file per thread; it is the largest). */
function mainThreadTopFrames(dir, count, root) {
  const [main] = readdirSync(dir)
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  return topSelfFrames(main, count, root);
}

module.exports = { topSelfFrames, mainThreadTopFrames };
