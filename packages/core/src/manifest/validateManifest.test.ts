import { expectIssue, issuesOf } from './__fixtures__/issueAssertions';
import { freshValidManifest, validManifest } from './__fixtures__/validManifest';
import { parseManifestText, validateManifest } from './validateManifest';

type Loose = Record<string, unknown>;
const withRoot = (patch: Loose): unknown => ({ ...freshValidManifest(), ...patch });
const validText = JSON.stringify(validManifest, null, 2);

describe('parseManifestText', () => {
  it('parses and validates a manifest file', () => {
    expect(parseManifestText(validText)).toEqual({ ok: true, manifest: validManifest });
    expect(parseManifestText(`\uFEFF${validText}`).ok).toBe(true);
  });

  it('reports a syntax error with the parser position', () => {
    const text = '{\n  "manifest_version": 1,\n  "connector_key": }\n';
    const issues = issuesOf(parseManifestText(text, 'packages/connectors/x/connector.json'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'invalid_json', path: '(root)' });
    expect(issues[0]!.message).toMatch(
      /^packages\/connectors\/x\/connector\.json: \(root\): not valid JSON: .*\(line 3, column 20\); fix the syntax$/,
    );
  });

  it('reports an empty file as invalid JSON', () => {
    expect(issuesOf(parseManifestText(''))[0]!.code).toBe('invalid_json');
  });

  it('refuses a file far larger than a manifest without parsing it', () => {
    const issues = issuesOf(parseManifestText(' '.repeat(1_000_001)));
    expect(issues.map((i) => i.code)).toEqual(['too_large']);
  });

  it('reports "__proto__" keys as unknown fields and pollutes nothing', () => {
    const text = validText.replace('{', '{"__proto__": {"polluted": true},');
    const issue = issuesOf(parseManifestText(text))[0]!;
    expect(issue.code).toBe('unknown_field');
    expect(issue.path).toBe('__proto__');
    expect(issue.message).toContain('allowed fields are $schema, manifest_version');
    expect(({} as Loose).polluted).toBeUndefined();
    const inOperations = validText.replace('"operations": {', '"operations": {"__proto__": {},');
    expect(issuesOf(parseManifestText(inOperations))).toEqual([
      expect.objectContaining({ code: 'unknown_field', path: 'operations.__proto__' }),
    ]);
  });
});

describe('validateManifest on hostile input', () => {
  it('reports a root that is not an object', () => {
    for (const input of [42, null, [], 'connector', true]) {
      expectIssue(input, { code: 'invalid_type', path: '(root)', allowed: ['an object with'] });
    }
    expectIssue(undefined, { code: 'not_json_data', path: '(root)', found: 'undefined' });
  });

  it('reports values that are not JSON data, with their path', () => {
    expectIssue(withRoot({ display_name: new Date(0) }), {
      code: 'not_json_data',
      path: 'display_name',
      found: 'an instance of Date',
    });
    expectIssue(withRoot({ owners: new Map() }), { code: 'not_json_data', path: 'owners' });
    expectIssue(withRoot({ retry_max: () => 3 }), { code: 'not_json_data', path: 'retry_max' });
    expectIssue(withRoot({ timeout_ms: Number.NaN }), {
      code: 'not_json_data',
      path: 'timeout_ms',
      found: 'NaN',
    });
    expectIssue(withRoot({ owners: ['a', undefined] }), {
      code: 'not_json_data',
      path: 'owners[1]',
    });
    class Manifest {}
    expectIssue(Object.assign(new Manifest(), validManifest), {
      code: 'not_json_data',
      path: '(root)',
      found: 'an instance of Manifest',
    });
  });

  it('accepts objects without a prototype, as from a JSON reviver', () => {
    const bare = Object.assign(Object.create(null) as Loose, freshValidManifest());
    expect(validateManifest(bare).ok).toBe(true);
  });

  it('reports a cyclic object', () => {
    const m = freshValidManifest() as unknown as Loose;
    (m.operations as Loose).loop = m.operations;
    expectIssue(m, { code: 'not_json_data', path: 'operations.loop', found: 'a cyclic reference' });
  });

  it('returns issues for nesting 10,000 levels deep', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = i % 2 ? { next: deep } : [deep];
    expectIssue(withRoot({ display_name: deep }), { code: 'invalid_type', path: 'display_name' });
    expectIssue(deep, { code: 'unknown_field', path: 'next' });
    expectIssue([deep], { code: 'invalid_type', path: '(root)' });
  });

  it('reports a 10 MB string briefly', () => {
    const issue = expectIssue(withRoot({ display_name: 'x'.repeat(10_000_000) }), {
      code: 'too_long',
      path: 'display_name',
      allowed: ['at most 200'],
    });
    expect(issue.message.length).toBeLessThan(300);
  });

  it('reports an array of a million entries once', () => {
    const issues = issuesOf(validateManifest(withRoot({ owners: new Array(1_000_000).fill(7) })));
    expect(issues).toContainEqual(expect.objectContaining({ code: 'too_many', path: 'owners' }));
    expect(issues.length).toBeLessThanOrEqual(101);
  });

  it('refuses an object with too many fields', () => {
    const wide: Loose = {};
    for (let i = 0; i < 100_000; i++) wide[`field_${i}`] = i;
    expectIssue(wide, { code: 'too_large', path: '(root)', allowed: ['more than 1000 fields'] });
  });

  it('refuses a structure with too many values in total', () => {
    const row = Array.from({ length: 900 }, () => 'team');
    expectIssue(withRoot({ owners: Array.from({ length: 900 }, () => row) }), {
      code: 'too_large',
      path: '(root)',
    });
  });

  it('turns throwing getters and proxies into issues', () => {
    const m = freshValidManifest() as unknown as Loose;
    Object.defineProperty(m, 'display_name', {
      enumerable: true,
      get() {
        throw new TypeError('no access');
      },
    });
    expectIssue(m, { code: 'not_json_data', path: '(root)', found: 'TypeError: no access' });
    const trap = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    expectIssue(withRoot({ config: trap }), { code: 'not_json_data', path: 'config' });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(validateManifest(proxy).ok).toBe(false);
  });

  it('lists at most 100 issues and counts the rest', () => {
    const badEvents = Array.from({ length: 150 }, (_, i) => `Bad${i}`);
    const issues = issuesOf(validateManifest(withRoot({ audit_events: badEvents })));
    expect(issues).toHaveLength(101);
    expect(issues[100]).toMatchObject({ code: 'too_many_issues', path: '(root)' });
    expect(issues[100]!.message).toMatch(/more issues not shown/);
  });

  it('quotes odd names in paths and cuts long values in messages', () => {
    const m = freshValidManifest() as unknown as { config: Loose };
    const longKey = `k${'e'.repeat(500)}`;
    m.config[longKey] = { type: 'string', required: false, description: 'x' };
    const issue = issuesOf(validateManifest(m))[0]!;
    expect(issue.code).toBe('too_long');
    expect(issue.path).toBe(`config["${longKey.slice(0, 60)}..."]`);
    expect(issue.message.length).toBeLessThan(300);
  });

  it('leaves the input untouched', () => {
    const input = freshValidManifest();
    (input as unknown as Loose).extra = { nested: [1, 2] };
    const before = JSON.stringify(input);
    validateManifest(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});
