/** A key written twice in one object of a JSON text. */
export interface DuplicateKey {
  /** Where the second occurrence is: the containing object's path, then the key. */
  path: (string | number)[];
  key: string;
  /** 1-based line of the second occurrence. */
  line: number;
}

/**
 * One open object or array. Both kinds share a shape (`keys` is null for an array), and an
 * object's keys are a list: manifest objects are small, and start-up scans every manifest.
 */
interface Frame {
  keys: string[] | null;
  /** The object's current key, or the array's current index. */
  at: string | number;
  wantKey: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The first key that appears twice in one object of `text`, which JSON.parse has accepted.
 * JSON.parse keeps the last value silently, while a person reading the file (a reviewer of the
 * manifest) sees both: the loader and the gate would act on a value the reader may take for
 * overridden. One pass over the text; strings are skipped by searching for their closing quote.
 */
export function firstDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i);
      const top = stack[stack.length - 1];
      if (top !== undefined && top.keys !== null && top.wantKey) {
        const raw = text.slice(i, end + 1);
        const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (top.keys.includes(key)) {
          return { path: [...pathTo(stack), key], key, line: lineAt(text, i) };
        }
        top.keys.push(key);
        top.at = key;
        top.wantKey = false;
      }
      i = end + 1;
      continue;
    }
    switch (c) {
      case 0x7b: // {
        stack.push({ keys: [], at: '', wantKey: true });
        break;
      case 0x5b: // [
        stack.push({ keys: null, at: 0, wantKey: false });
        break;
      case 0x7d: // }
      case 0x5d: // ]
        stack.pop();
        break;
      case 0x2c: {
        // ,
        const top = stack[stack.length - 1];
        if (top === undefined) break;
        if (top.keys !== null) top.wantKey = true;
        else top.at = (top.at as number) + 1;
        break;
      }
      default:
        break;
    }
    i += 1;
  }
  return undefined;
}

/** Index of the quote that closes the string opening at `open` (one not escaped). */
function closingQuote(text: string, open: number): number {
  let end = text.indexOf('"', open + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

/** The path of the innermost frame: each enclosing object's current key, each array's index. */
function pathTo(stack: readonly Frame[]): (string | number)[] {
  return stack.slice(0, -1).map((frame) => frame.at);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1))
    line += 1;
  return line;
}
