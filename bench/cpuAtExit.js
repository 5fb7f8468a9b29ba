// Preloaded (`node -r`) into a benchmarked process that runs to its end: at exit it writes the
// process's CPU time (every thread, ms) to $DLX_BENCH_CPU_FILE.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeFileSync(process.env.DLX_BENCH_CPU_FILE, String((user + system) / 1000));
});
