// Read at run time so the loader compares connector ranges with the core actually installed.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON outside rootDir
const pkg = require('../package.json') as { version: string };

/** The version of @dealix/connector-core that is running. */
export const CORE_VERSION: string = pkg.version;
