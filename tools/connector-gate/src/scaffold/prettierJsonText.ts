const PRINT_WIDTH = 100;
const INDENT = '  ';

/**
 * JSON laid out as Prettier lays out a `.json` file (objects open, arrays of scalars on one line
 * when they fit), so a generated connector.json passes `prettier --check` as written. Core has
 * the same printer for its generated files but does not export it.
 */
export function prettierJsonText(value: unknown): string {
  return `${printValue(value, 0, 0, false)}\n`;
}

function printValue(value: unknown, depth: number, column: number, comma: boolean): string {
  if (Array.isArray(value)) return printArray(value, depth, column, comma);
  if (typeof value === 'object' && value !== null) return printObject(value, depth);
  return JSON.stringify(value);
}

function printObject(object: object, depth: number): string {
  const entries = Object.entries(object);
  if (entries.length === 0) return '{}';
  const pad = INDENT.repeat(depth + 1);
  const lines = entries.map(([key, item], i) => {
    const prefix = `${pad}${JSON.stringify(key)}: `;
    const last = i === entries.length - 1;
    return `${prefix}${printValue(item, depth + 1, prefix.length, !last)}${last ? '' : ','}`;
  });
  return `{\n${lines.join('\n')}\n${INDENT.repeat(depth)}}`;
}

function printArray(array: unknown[], depth: number, column: number, comma: boolean): string {
  if (array.length === 0) return '[]';
  if (array.every((item) => typeof item !== 'object' || item === null)) {
    const flat = `[${array.map((item) => JSON.stringify(item)).join(', ')}]`;
    if (column + flat.length + (comma ? 1 : 0) <= PRINT_WIDTH) return flat;
  }
  const pad = INDENT.repeat(depth + 1);
  const lines = array.map((item, i) => {
    const last = i === array.length - 1;
    return `${pad}${printValue(item, depth + 1, pad.length, !last)}${last ? '' : ','}`;
  });
  return `[\n${lines.join('\n')}\n${INDENT.repeat(depth)}]`;
}
