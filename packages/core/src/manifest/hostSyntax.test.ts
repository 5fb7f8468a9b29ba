import { hostMatchesPattern, parseAllowedHost, parseHostPattern } from './hostSyntax';

describe('host syntax', () => {
  it('classifies allowed_hosts entries', () => {
    expect(parseAllowedHost('api.stripe.com')).toEqual({
      ok: true,
      entry: { kind: 'literal', host: 'api.stripe.com' },
    });
    expect(parseAllowedHost('*.my.salesforce.com')).toEqual({
      ok: true,
      entry: { kind: 'wildcard', suffix: 'my.salesforce.com' },
    });
    expect(parseAllowedHost('${config.instance_url}')).toEqual({
      ok: true,
      entry: { kind: 'config', field: 'instance_url' },
    });
    expect(parseAllowedHost('${config.x} ')).toEqual({ ok: false, problem: 'config_reference' });
    expect(parseAllowedHost('a'.repeat(254))).toEqual({ ok: false, problem: 'too_long' });
    expect(parseAllowedHost(`${'a'.repeat(64)}.com`)).toEqual({ ok: false, problem: 'label' });
    expect(parseAllowedHost('*.10.0.0.1')).toEqual({ ok: false, problem: 'wildcard_too_broad' });
  });

  it('keeps config references out of host_pattern', () => {
    expect(parseHostPattern('${config.base_url}').ok).toBe(false);
    expect(parseHostPattern('*.stripe.com').ok).toBe(true);
  });

  it('matches a wildcard against deeper names only, as the egress allowlist does', () => {
    const wildcard = { kind: 'wildcard', suffix: 'my.salesforce.com' } as const;
    expect(hostMatchesPattern('acme.my.salesforce.com', wildcard)).toBe(true);
    expect(hostMatchesPattern('eu.acme.my.salesforce.com', wildcard)).toBe(true);
    expect(hostMatchesPattern('my.salesforce.com', wildcard)).toBe(false);
    expect(hostMatchesPattern('evilmy.salesforce.com', wildcard)).toBe(false);
    expect(hostMatchesPattern('api.stripe.com', { kind: 'literal', host: 'api.stripe.com' })).toBe(
      true,
    );
    expect(hostMatchesPattern('stripe.com', { kind: 'literal', host: 'api.stripe.com' })).toBe(
      false,
    );
  });
});
