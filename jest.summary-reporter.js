// Prints one plain closing line per jest run ("jest <package>: N passed, N failed") so a
// reader of CI output, human or machine, sees the count without parsing jest's table.
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }
  onRunComplete(_contexts, results) {
    const name = path.basename(this.rootDir);
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`jest ${name}: ${results.numPassedTests} passed, ${failed} failed\n`);
  }
}
module.exports = SummaryReporter;
