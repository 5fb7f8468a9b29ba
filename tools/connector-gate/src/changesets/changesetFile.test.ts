import { parseChangeset } from './changesetFile';

describe('parseChangeset', () => {
  it('reads quoted and unquoted package names with their bumps', () => {
    const parsed = parseChangeset(
      `---\n'@dealix/connector-a': minor\n"@dealix/connector-b": major\n@dealix/connector-c: none\n---\n\nText.\n`,
    );
    expect(Object.fromEntries(parsed.bumps)).toEqual({
      '@dealix/connector-a': 'minor',
      '@dealix/connector-b': 'major',
      '@dealix/connector-c': 'none',
    });
    expect(parsed.problems).toEqual([]);
  });

  it('keeps the higher bump when a package is named twice', () => {
    expect(parseChangeset(`---\n'a': major\n'a': patch\n---\n`).bumps.get('a')).toBe('major');
  });

  it('accepts an empty changeset and CRLF line ends', () => {
    expect(parseChangeset('---\r\n---\r\n\r\nNothing to release.\r\n').bumps.size).toBe(0);
    expect(parseChangeset("---\r\n'a': patch\r\n---\r\n").bumps.get('a')).toBe('patch');
  });

  it('reports unknown bumps and missing frontmatter instead of guessing', () => {
    expect(parseChangeset(`---\n'a': huge\n---\n`).problems).toEqual([
      `cannot read "'a': huge": each line is "<package>": major, minor, patch or none`,
    ]);
    expect(parseChangeset('just text').problems).toEqual(['no frontmatter (--- ... ---)']);
    expect(parseChangeset(`---\n'a': patch\n`).problems).toEqual([
      'frontmatter is not closed with ---',
    ]);
  });
});
