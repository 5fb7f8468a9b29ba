import { isBump, maxBump, type Bump } from '../findings/finding';

/** The packages a changeset names, with their bumps; malformed lines are listed, not guessed. */
export interface ParsedChangeset {
  bumps: Map<string, Bump>;
  problems: string[];
}

const ENTRY = /^\s*(?:'([^']+)'|"([^"]+)"|([^\s:'"]+))\s*:\s*([a-z]+)\s*$/;

/** Parses the frontmatter of a `.changeset/*.md` file (`'pkg': major|minor|patch|none`). */
export function parseChangeset(text: string): ParsedChangeset {
  const bumps = new Map<string, Bump>();
  const problems: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return { bumps, problems: ['no frontmatter (--- ... ---)'] };
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (end < 0) return { bumps, problems: ['frontmatter is not closed with ---'] };
  for (const line of lines.slice(1, end)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const match = ENTRY.exec(line);
    const name = match?.[1] ?? match?.[2] ?? match?.[3];
    const bump = match?.[4];
    if (name === undefined || bump === undefined || !isBump(bump)) {
      problems.push(
        `cannot read ${JSON.stringify(line.trim())}: each line is "<package>": major, minor, patch or none`,
      );
      continue;
    }
    bumps.set(name, maxBump(bumps.get(name), bump)!);
  }
  return { bumps, problems };
}
