const ROOT = '(root)';
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_SEGMENT_CHARS = 60;

/** Appends a key or index the way core prints issue paths (`a.b[1]`, `config["x.y"]`). */
export function childPath(parent: string, segment: string | number): string {
  const prefix = parent === ROOT ? '' : parent;
  if (typeof segment === 'number') return `${prefix}[${segment}]`;
  if (IDENTIFIER.test(segment) && segment.length <= MAX_SEGMENT_CHARS) {
    return prefix === '' ? segment : `${prefix}.${segment}`;
  }
  const cut =
    segment.length > MAX_SEGMENT_CHARS ? `${segment.slice(0, MAX_SEGMENT_CHARS)}...` : segment;
  return `${prefix}[${JSON.stringify(cut)}]`;
}

/**
 * 1-based line of every key and array element of a JSON text, by path, for annotations at
 * the field. Scans the text once; stops quietly at a syntax error (what it found so far stays).
 */
export function jsonLineIndex(text: string): Map<string, number> {
  const lines = new Map<string, number>([[ROOT, 1]]);
  let i = 0;
  let line = 1;
  const fail = (): never => {
    throw new SyntaxError('stop');
  };
  const skipSpace = () => {
    while (i < text.length) {
      const c = text[i];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\uFEFF') return;
      i++;
    }
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text[i] === '\n') fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const readValue = (path: string): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') return readObject(path);
    if (c === '[') return readArray(path);
    if (c === '"') {
      readString();
      return;
    }
    const scalar = /^(?:-?\d[\d.eE+-]*|true|false|null)/.exec(text.slice(i, i + 400));
    if (!scalar) fail();
    i += scalar![0].length;
  };
  const readObject = (path: string): void => {
    i++;
    skipSpace();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') fail();
      const keyLine = line;
      const key = readString();
      const keyPath = childPath(path, key);
      if (!lines.has(keyPath)) lines.set(keyPath, keyLine);
      skipSpace();
      if (text[i++] !== ':') fail();
      readValue(keyPath);
      skipSpace();
      const next = text[i++];
      if (next === '}') return;
      if (next !== ',') fail();
    }
  };
  const readArray = (path: string): void => {
    i++;
    skipSpace();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (let index = 0; ; index++) {
      skipSpace();
      const itemPath = childPath(path, index);
      lines.set(itemPath, line);
      readValue(itemPath);
      skipSpace();
      const next = text[i++];
      if (next === ']') return;
      if (next !== ',') fail();
    }
  };
  try {
    readValue(ROOT);
  } catch {
    // A partial index still places every field before the syntax error.
  }
  return lines;
}

/** The line of `path`, else of its nearest present parent (a removed field points at its parent). */
export function lineOf(index: ReadonlyMap<string, number>, path: string): number {
  let current = path;
  for (;;) {
    const found = index.get(current);
    if (found !== undefined) return found;
    const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
    if (cut <= 0) return index.get(ROOT) ?? 1;
    current = current.slice(0, cut);
  }
}
