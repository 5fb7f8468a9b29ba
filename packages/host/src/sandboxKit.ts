import type * as Testkit from '@dealix/connector-testkit';

/**
 * The testkit, loaded when sandbox mode first needs it. Only sandbox mode runs the vendor
 * simulators; loading them with the host would slow every other start and every CLI command
 * (about a quarter of a second on a 2-core machine) for code they never run.
 */
export function sandboxKit(): typeof Testkit {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded in sandbox mode only
  return require('@dealix/connector-testkit') as typeof Testkit;
}
