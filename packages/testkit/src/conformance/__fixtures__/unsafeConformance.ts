import { join } from 'node:path';
import type { ConformanceOptions } from '../conformanceOptions';
import { probeConformanceOptions } from './probeConformance';
import type { ProbeVendor } from './probeVendor';
import { connector } from './unsafe/src';

export const UNSAFE_PACKAGE_DIR = join(__dirname, 'unsafe');

/** Correct options for the connector that does every hard path wrong. */
export function unsafeConformanceOptions(): ConformanceOptions<ProbeVendor> {
  const probe = probeConformanceOptions();
  return {
    ...probe,
    packageDir: UNSAFE_PACKAGE_DIR,
    plugin: connector,
    samples: { get_ticket: probe.samples.get_ticket!, send_reply: probe.samples.send_reply! },
  };
}
