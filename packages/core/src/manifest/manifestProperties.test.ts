import fc from 'fast-check';
import {
  mutatedManifestArbitrary,
  validManifestArbitrary,
} from './__fixtures__/manifestArbitraries';
import { validManifest } from './__fixtures__/validManifest';
import { MANIFEST_ISSUE_CODES } from './manifestIssues';
import { parseManifestText, validateManifest } from './validateManifest';

const RUNS = { numRuns: 200 };
const startsAt = (path: string, prefix: string) =>
  path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

describe('manifest validation properties', () => {
  it('accepts every generated valid manifest, as an object and as JSON text', () => {
    fc.assert(
      fc.property(validManifestArbitrary(), (manifest) => {
        expect(validateManifest(manifest)).toEqual({ ok: true, manifest });
        expect(parseManifestText(JSON.stringify(manifest)).ok).toBe(true);
      }),
      RUNS,
    );
  });

  it('rejects every mutated manifest with an issue at the mutated path', () => {
    fc.assert(
      fc.property(mutatedManifestArbitrary(), ({ manifest, path, code }) => {
        const result = validateManifest(manifest);
        expect(result.ok).toBe(false);
        const issues = result.ok ? [] : result.issues;
        const hit = issues.find((i) => i.code === code && startsAt(i.path, path));
        expect(hit ?? issues).toMatchObject({ code });
        expect(hit!.message.startsWith(`connector.json: ${hit!.path}: `)).toBe(true);
      }),
      RUNS,
    );
  });

  it('returns well-formed issues instead of throwing, whatever the input', () => {
    const anything = fc.anything({
      withNullPrototype: true,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withObjectString: true,
      key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString')),
    });
    // Anything alone, and anything in place of one field of a valid manifest.
    const field = fc.constantFrom(...Object.keys(validManifest));
    const input = fc.oneof(
      anything,
      fc.tuple(field, anything).map(([key, value]) => ({ ...validManifest, [key]: value })),
    );
    fc.assert(
      fc.property(input, (value) => {
        const result = validateManifest(value);
        if (result.ok) return;
        expect(result.issues.length).toBeGreaterThan(0);
        for (const issue of result.issues) {
          expect(MANIFEST_ISSUE_CODES).toContain(issue.code);
          expect(issue.message.startsWith(`connector.json: ${issue.path}: `)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        expect(parseManifestText(text).ok).toBe(false);
      }),
      RUNS,
    );
  });
});
