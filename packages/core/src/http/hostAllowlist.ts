import { isIP } from 'node:net';

/**
 * Egress rules: literal hosts match exactly (ignoring case, a trailing dot and any port),
 * "*.example.com" matches every deeper name but not example.com itself. A wildcard never
 * matches an IP address, and a malformed rule ("*", "a.*.com") matches nothing: an allowlist
 * must fail closed.
 */
export function hostMatches(rule: string, host: string): boolean {
  const normalizedRule = normalizeRule(rule);
  const normalizedHost = normalizeHost(host);
  if (normalizedRule === undefined || normalizedHost === '') return false;
  if (typeof normalizedRule === 'string') return normalizedRule === normalizedHost;
  return isWildcardMatch(normalizedRule.suffix, normalizedHost);
}

/** True for 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost: sandbox mode's simulators. */
export function isLoopbackHost(host: string): boolean {
  const normalized = normalizeHost(host);
  if (normalized === 'localhost' || normalized.endsWith('.localhost')) return true;
  if (normalized === '::1') return true;
  const ipv4 = normalized.startsWith('::ffff:') ? mappedIpv4(normalized.slice(7)) : normalized;
  return isIP(ipv4) === 4 && ipv4.startsWith('127.');
}

/** Compiled allowlist: a set of literal hosts and a list of wildcard suffixes. */
export class HostAllowlist {
  private readonly literals = new Set<string>();
  private readonly suffixes: string[] = [];

  constructor(
    rules: readonly string[],
    private readonly allowLoopback: boolean,
  ) {
    for (const rule of rules) {
      const normalized = normalizeRule(rule);
      if (typeof normalized === 'string') this.literals.add(normalized);
      else if (normalized !== undefined) this.suffixes.push(normalized.suffix);
    }
  }

  /** True when `url` is an http(s) URL whose host the rules allow. */
  allowsUrl(url: URL): boolean {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    return this.allowsHost(url.hostname);
  }

  allowsHost(hostname: string): boolean {
    const host = normalizeHost(hostname);
    if (host === '') return false;
    if (this.literals.has(host)) return true;
    for (const suffix of this.suffixes) {
      if (isWildcardMatch(suffix, host)) return true;
    }
    return this.allowLoopback && isLoopbackHost(host);
  }
}

type NormalizedRule = string | { suffix: string };

function normalizeRule(rule: string): NormalizedRule | undefined {
  const trimmed = rule.trim().toLowerCase();
  if (trimmed.startsWith('*.')) {
    const suffix = stripTrailingDot(trimmed.slice(1));
    // "*." followed by nothing, or a second wildcard, is not a rule we can honour safely.
    if (suffix.length < 2 || suffix.includes('*') || suffix.includes(':')) return undefined;
    return { suffix };
  }
  if (trimmed.includes('*')) return undefined;
  const host = normalizeHost(stripPort(trimmed));
  return host === '' ? undefined : host;
}

function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return stripTrailingDot(h);
}

function stripPort(hostWithPort: string): string {
  if (hostWithPort.startsWith('[')) {
    const end = hostWithPort.indexOf(']');
    return end === -1 ? hostWithPort : hostWithPort.slice(0, end + 1);
  }
  // More than one colon without brackets is a bare IPv6 address, not host:port.
  const first = hostWithPort.indexOf(':');
  if (first === -1 || first !== hostWithPort.lastIndexOf(':')) return hostWithPort;
  return hostWithPort.slice(0, first);
}

function stripTrailingDot(host: string): string {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

function isWildcardMatch(suffix: string, host: string): boolean {
  return host.length > suffix.length && host.endsWith(suffix) && isIP(host) === 0;
}

/** The WHATWG URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1. */
function mappedIpv4(rest: string): string {
  if (isIP(rest) === 4) return rest;
  const parts = rest.split(':');
  if (parts.length !== 2) return '';
  const high = Number.parseInt(parts[0] ?? '', 16);
  const low = Number.parseInt(parts[1] ?? '', 16);
  if (Number.isNaN(high) || Number.isNaN(low)) return '';
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}
