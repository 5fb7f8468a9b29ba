/** One sample of a Prometheus text exposition: its labels and value. */
export interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

/** The samples of metric `name` in Prometheus text format (label values unescaped). */
export function metricSamples(text: string, name: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const braces = line.indexOf('{');
    const close = line.lastIndexOf('}');
    const labels: Record<string, string> = {};
    if (braces === name.length && close > braces) {
      const pairs = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
      for (const m of line.slice(braces + 1, close).matchAll(pairs)) {
        labels[m[1]!] = m[2]!.replace(/\\(.)/g, (_all, c: string) => (c === 'n' ? '\n' : c));
      }
    }
    samples.push({
      labels,
      value: Number(line.slice((close > 0 ? close : name.length) + 1).trim()),
    });
  }
  return samples;
}

/** The sum of metric `name` over the samples whose labels include `match`. */
export function metricSum(text: string, name: string, match: Record<string, string>): number {
  return metricSamples(text, name)
    .filter((s) => Object.entries(match).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
