import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import fc from 'fast-check';
import { isDlxError } from '../errors/dlxError';
import { manifestOutsidePackage } from './manifestLocation';
import { readConnectorPackage, StageError } from './readConnectorPackage';

// Outsider finding h5-F6: "dealix.connector" could name a file outside its package (a `../`
// path, a symlink), which the loader and the gate read and quoted in their errors.
describe('a manifest outside its package folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'dlx-manifest-location-'));
  const pkg = join(root, 'packages', 'alpha');
  const outside = join(root, 'outside');
  mkdirSync(join(pkg, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(pkg, 'connector.json'), '{}');
  writeFileSync(join(pkg, 'sub', 'connector.json'), '{}');
  writeFileSync(join(outside, 'passwd'), 'root:x:0:0:secret-line\n');
  symlinkSync(join(outside, 'passwd'), join(pkg, 'linked.json'));
  symlinkSync(outside, join(pkg, 'linked-folder'));
  symlinkSync(join(pkg, 'connector.json'), join(pkg, 'inner-link.json'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(['connector.json', './sub/connector.json', 'sub/../connector.json', 'inner-link.json'])(
    'accepts %j, inside the package',
    (named) => expect(manifestOutsidePackage(pkg, named)).toBeUndefined(),
  );

  it.each([
    ['a parent path', '../../outside/passwd', 'outside the package folder'],
    ['an absolute path', join(outside, 'passwd'), 'outside the package folder'],
    ['the package folder itself', '.', 'outside the package folder'],
    ['a symlinked file', 'linked.json', 'a symbolic link leads outside'],
    ['a symlinked folder on the way', 'linked-folder/passwd', 'a symbolic link leads outside'],
  ])('refuses %s', (_, named, reason) => {
    expect(manifestOutsidePackage(pkg, named)).toContain(reason);
  });

  it('leaves a missing file inside the package to the "does not exist" report', () => {
    expect(manifestOutsidePackage(pkg, 'nothing.json')).toBeUndefined();
  });

  it('is a read_package rejection of the loader that quotes nothing of the outside file', () => {
    const packageJson = {
      name: '@dealix/connector-alpha',
      version: '1.0.0',
      main: 'dist/index.js',
      dealix: { connector: 'linked.json' },
    };
    const error = (() => {
      try {
        readConnectorPackage(pkg, root, { coreVersion: '1.0.0' }, packageJson);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StageError);
    const stage = error as StageError;
    expect(stage.stage).toBe('read_package');
    expect(isDlxError(stage.error) && stage.error.code).toBe('DLX_E_LOADER_PACKAGE_INVALID');
    expect(stage.error.message).toContain('packages/alpha/package.json');
    expect(stage.error.message).not.toContain('secret-line');
  });

  it('agrees with the normalized path wherever no link is involved (property)', () => {
    const segment = fc.constantFrom('a', 'b', '.', '..', 'c.json');
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segments) => {
        const named = segments.join('/');
        const normal = posix.normalize(named);
        const inside = normal !== '.' && normal !== '..' && !normal.startsWith('../');
        expect(manifestOutsidePackage(pkg, named) === undefined).toBe(inside);
      }),
    );
  });
});
