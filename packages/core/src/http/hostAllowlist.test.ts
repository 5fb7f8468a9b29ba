import { HostAllowlist, hostMatches, isLoopbackHost } from './hostAllowlist';

describe('hostMatches', () => {
  it('matches literal hosts case-insensitively, ignoring ports and a trailing dot', () => {
    expect(hostMatches('api.stripe.com', 'api.stripe.com')).toBe(true);
    expect(hostMatches('API.Stripe.COM', 'api.stripe.com')).toBe(true);
    expect(hostMatches('api.stripe.com', 'API.STRIPE.com')).toBe(true);
    expect(hostMatches('api.stripe.com', 'api.stripe.com.')).toBe(true);
    expect(hostMatches('127.0.0.1:4010', '127.0.0.1')).toBe(true);
    expect(hostMatches('api.stripe.com', 'files.stripe.com')).toBe(false);
    expect(hostMatches('api.stripe.com', 'api.stripe.com.evil.io')).toBe(false);
  });

  it('matches a wildcard on any deeper name, never on the bare domain or a look-alike', () => {
    expect(hostMatches('*.example.com', 'a.example.com')).toBe(true);
    expect(hostMatches('*.example.com', 'a.b.example.com')).toBe(true);
    expect(hostMatches('*.Example.com', 'A.EXAMPLE.com')).toBe(true);
    expect(hostMatches('*.example.com', 'example.com')).toBe(false);
    expect(hostMatches('*.example.com', 'badexample.com')).toBe(false);
    expect(hostMatches('*.example.com', 'example.com.evil.io')).toBe(false);
  });

  it('never lets a wildcard match an IP address', () => {
    expect(hostMatches('*.0.0.1', '127.0.0.1')).toBe(false);
  });

  it('treats malformed rules as matching nothing', () => {
    for (const rule of ['*', '*.', 'api.*.com', '', '  ']) {
      expect(hostMatches(rule, 'api.stripe.com')).toBe(false);
    }
  });

  it('matches IPv6 literals with or without brackets', () => {
    expect(hostMatches('[::1]', '::1')).toBe(true);
    expect(hostMatches('::1', '[::1]')).toBe(true);
  });
});

describe('isLoopbackHost', () => {
  it('recognises 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost', () => {
    for (const host of [
      '127.0.0.1',
      '127.0.0.2',
      '127.255.0.9',
      'localhost',
      'LOCALHOST',
      '::1',
      '[::1]',
      '::ffff:7f00:1',
    ]) {
      expect(isLoopbackHost(host)).toBe(true);
    }
    for (const host of [
      '128.0.0.1',
      '10.0.0.1',
      '::2',
      'localhost.evil.io',
      '127.example.com',
      '::ffff:a00:1',
    ]) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });
});

describe('HostAllowlist', () => {
  it('allows only http and https URLs to allowed hosts', () => {
    const list = new HostAllowlist(['api.stripe.com', '*.my.salesforce.com'], false);
    expect(list.allowsUrl(new URL('https://api.stripe.com/v1'))).toBe(true);
    expect(list.allowsUrl(new URL('http://acme.my.salesforce.com:8080/'))).toBe(true);
    expect(list.allowsUrl(new URL('ftp://api.stripe.com/'))).toBe(false);
    expect(list.allowsUrl(new URL('https://127.0.0.1/'))).toBe(false);
    // The URL parser normalises numeric and hex forms: no way around a literal rule.
    expect(list.allowsUrl(new URL('http://2130706433/'))).toBe(false);
  });

  it('adds loopback when asked to (sandbox mode)', () => {
    const list = new HostAllowlist([], true);
    expect(list.allowsUrl(new URL('http://127.0.0.1:4010/'))).toBe(true);
    expect(list.allowsUrl(new URL('http://[::1]:4010/'))).toBe(true);
    expect(list.allowsUrl(new URL('http://2130706433/'))).toBe(true);
    expect(list.allowsUrl(new URL('http://10.0.0.1/'))).toBe(false);
  });
});
