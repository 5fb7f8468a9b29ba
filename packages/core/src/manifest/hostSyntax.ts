import { CONFIG_HOST_REFERENCE } from './manifestVocabulary';

/** One parsed allowed_hosts entry or host_pattern. */
export type HostEntry =
  | { kind: 'literal'; host: string }
  /** `*.` + suffix: matches any name below the suffix. */
  | { kind: 'wildcard'; suffix: string }
  | { kind: 'config'; field: string };

export type HostSyntaxProblem =
  | 'empty'
  | 'too_long'
  | 'whitespace'
  | 'scheme'
  | 'path'
  | 'port'
  | 'upper_case'
  | 'wildcard_position'
  | 'wildcard_too_broad'
  | 'label'
  | 'ipv4'
  | 'config_reference';

export type ParsedHost = { ok: true; entry: HostEntry } | { ok: false; problem: HostSyntaxProblem };

const MAX_HOST_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const DIGITS = /^[0-9]+$/;
const IPV4_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;

/** An allowed_hosts entry: a literal host, `*.` + host, or `${config.<field>}`. */
export function parseAllowedHost(text: string): ParsedHost {
  if (text.startsWith('${')) {
    const match = CONFIG_HOST_REFERENCE.exec(text);
    return match
      ? { ok: true, entry: { kind: 'config', field: match[1]! } }
      : { ok: false, problem: 'config_reference' };
  }
  return parseHostPattern(text);
}

/** A host_pattern: a literal host or `*.` + host (no config reference). */
export function parseHostPattern(text: string): ParsedHost {
  if (text.startsWith('*.')) {
    const suffix = text.slice(2);
    const problem = literalHostProblem(suffix);
    if (problem) return { ok: false, problem };
    // `*.com` would allow a whole top-level domain.
    if (!suffix.includes('.') || isIpv4Shaped(suffix)) {
      return { ok: false, problem: 'wildcard_too_broad' };
    }
    return { ok: true, entry: { kind: 'wildcard', suffix } };
  }
  const problem = literalHostProblem(text);
  return problem ? { ok: false, problem } : { ok: true, entry: { kind: 'literal', host: text } };
}

/**
 * Whether a host name (as in URL.hostname, lower case) matches a literal or wildcard entry.
 * A wildcard matches any deeper name, as the egress allowlist does (http/hostAllowlist.ts):
 * `*.my.salesforce.com` matches `acme.my.salesforce.com`, not `my.salesforce.com`.
 */
export function hostMatchesPattern(host: string, entry: HostEntry): boolean {
  if (entry.kind === 'literal') return host === entry.host;
  if (entry.kind === 'config') return false;
  return host.length > entry.suffix.length + 1 && host.endsWith(`.${entry.suffix}`);
}

function literalHostProblem(text: string): HostSyntaxProblem | undefined {
  if (text.length === 0) return 'empty';
  if (text.length > MAX_HOST_LENGTH) return 'too_long';
  if (/\s/.test(text)) return 'whitespace';
  if (text.includes('://')) return 'scheme';
  if (/[/?#]/.test(text)) return 'path';
  if (text.includes(':')) return 'port';
  if (/[A-Z]/.test(text)) return 'upper_case';
  if (text.includes('*')) return 'wildcard_position';
  const labels = text.split('.');
  for (const label of labels) {
    if (label.length === 0 || label.length > MAX_LABEL_LENGTH || !DNS_LABEL.test(label)) {
      return 'label';
    }
  }
  // A numeric last label makes URL parsers read the host as IPv4, so it must be a real one.
  if (DIGITS.test(labels[labels.length - 1]!) && !isIpv4(labels)) return 'ipv4';
  return undefined;
}

function isIpv4(labels: readonly string[]): boolean {
  return (
    labels.length === 4 && labels.every((part) => IPV4_OCTET.test(part) && Number(part) <= 255)
  );
}

function isIpv4Shaped(text: string): boolean {
  const labels = text.split('.');
  return DIGITS.test(labels[labels.length - 1]!);
}
