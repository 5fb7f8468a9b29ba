const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/**
 * The offset of the first JSON syntax error in `text`, or -1. JSON.parse on Node 20 does not
 * always say where it failed; this scan does, without recursion, so any nesting depth is fine.
 */
export function jsonSyntaxErrorOffset(text: string): number {
  const stack: string[] = [];
  let i = 0;
  let state: 'value' | 'key' | 'after' = 'value';
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  for (;;) {
    skipSpace();
    const ch = text[i];
    if (state === 'key') {
      if (ch !== '"' || !scanString()) return i;
      skipSpace();
      if (text[i] !== ':') return i;
      i++;
      state = 'value';
    } else if (state === 'value') {
      if (ch === '{' || ch === '[') {
        i++;
        skipSpace();
        if (text[i] === (ch === '{' ? '}' : ']')) {
          i++;
          state = 'after';
        } else {
          stack.push(ch);
          state = ch === '{' ? 'key' : 'value';
        }
      } else if (ch === '"') {
        if (!scanString()) return i;
        state = 'after';
      } else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return i;
        i = NUMBER.lastIndex;
        state = 'after';
      } else {
        const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
        if (word === undefined) return i;
        i += word.length;
        state = 'after';
      }
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return i < text.length ? i : -1;
      if (ch === ',') {
        i++;
        state = top === '{' ? 'key' : 'value';
      } else if (ch === (top === '{' ? '}' : ']')) {
        i++;
        stack.pop();
      } else {
        return i;
      }
    }
  }

  // Leaves `i` after the closing quote, or at the offending character.
  function scanString(): boolean {
    i++;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return true;
      }
      if (ch < ' ') return false;
      if (ch === '\\') {
        const next = text[i + 1] ?? '';
        if (next === 'u') {
          if (!HEX4.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
          continue;
        }
        if (!ESCAPES.has(next)) return false;
        i += 2;
        continue;
      }
      i++;
    }
    return false;
  }
}
