// The public surface of @dealix/connector-gate: the two commands as functions, their report,
// the rule table and the renderers. Everything else is internal.
export { runDiff, type DiffOptions } from './diff/runDiff';
export { compareInputSchemas, type SchemaDifference } from './diff/schemaNarrowing';
export { GateError, isGateError, type GateErrorCode } from './gateError';
export { GATE_RULES, RULE_IDS, type GateRule, type RuleId } from './findings/gateRules';
export { BUMP_ORDER, type Bump, type Finding, type Severity } from './findings/finding';
export {
  EXIT_ERROR,
  EXIT_FAIL,
  EXIT_PASS,
  exitCodeOf,
  summaryLine,
  type ConnectorEntry,
  type ConnectorStatus,
  type GateReport,
} from './report/gateReport';
export { runCheck, type CheckOptions } from './check/runCheck';
export { renderReport, OUTPUT_FORMATS, type OutputFormat } from './render/renderReport';
export { main, type CliIo } from './cli/runCli';
export {
  scaffoldConnector,
  type ScaffoldOptions,
  type ScaffoldResult,
} from './scaffold/scaffoldConnector';
