/**
 * Text lines of a PDF content stream: the string operands of Tj, TJ, ' and ", with a new line
 * at BT/ET, at T* and at a Td/TD/Tm that moves vertically.
 */
type Operand = string | number | Operand[] | { name: string };

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
// In TJ arrays a displacement beyond this (thousandths of an em) stands for a word gap.
const WORD_GAP = 200;

class ContentLexer {
  private pos = 0;

  constructor(private readonly src: string) {}

  /** The next operand or operator ({op}), or null at the end. */
  next(): Operand | { op: string } | null {
    this.skipSpace();
    if (this.pos >= this.src.length) return null;
    const c = this.src[this.pos] as string;
    if (c === '(') return this.literalString();
    if (c === '<' && this.src[this.pos + 1] !== '<') return this.hexString();
    if (c === '[') {
      this.pos += 1;
      const items: Operand[] = [];
      for (;;) {
        this.skipSpace();
        if (this.pos >= this.src.length || this.src[this.pos] === ']') break;
        const item = this.next();
        if (item === null) break;
        if (typeof item === 'object' && 'op' in item) continue;
        items.push(item);
      }
      this.pos += 1;
      return items;
    }
    if (c === '/') {
      const name = /^\/[^\s/[\]()<>{}%]*/.exec(this.src.slice(this.pos))?.[0] ?? '/';
      this.pos += name.length;
      return { name: name.slice(1) };
    }
    const token = /^(<<|>>|[^\s/[\]()<>{}%]+|.)/.exec(this.src.slice(this.pos))?.[0] ?? c;
    this.pos += token.length;
    return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(token) ? Number(token) : { op: token };
  }

  private skipSpace(): void {
    while (this.pos < this.src.length) {
      const c = this.src[this.pos] as string;
      if (c === '%') {
        while (this.pos < this.src.length && !'\r\n'.includes(this.src[this.pos] as string))
          this.pos += 1;
      } else if (/\s/.test(c)) {
        this.pos += 1;
      } else {
        return;
      }
    }
  }

  private literalString(): string {
    let depth = 0;
    let out = '';
    this.pos += 1;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos++] as string;
      if (c === '\\') {
        const e = this.src[this.pos++] ?? '';
        if (e in ESCAPES) out += ESCAPES[e];
        else if (/[0-7]/.test(e)) {
          const octal = e + (/^[0-7]{0,2}/.exec(this.src.slice(this.pos))?.[0] ?? '');
          this.pos += octal.length - 1;
          out += String.fromCharCode(parseInt(octal, 8));
        } else if (e === '\r' || e === '\n') {
          if (e === '\r' && this.src[this.pos] === '\n') this.pos += 1;
        } else out += e;
      } else if (c === '(') {
        depth += 1;
        out += c;
      } else if (c === ')') {
        if (depth === 0) break;
        depth -= 1;
        out += c;
      } else out += c;
    }
    return decodePdfString(out);
  }

  private hexString(): string {
    const end = this.src.indexOf('>', this.pos);
    const hex = this.src.slice(this.pos + 1, end === -1 ? undefined : end).replace(/\s/g, '');
    this.pos = end === -1 ? this.src.length : end + 1;
    const padded = hex.length % 2 === 1 ? `${hex}0` : hex;
    return decodePdfString(Buffer.from(padded, 'hex').toString('latin1'));
  }
}

/** UTF-16BE strings carry a FE FF mark; others are single-byte (read as Latin-1). */
function decodePdfString(bytes: string): string {
  if (bytes.startsWith('\u00fe\u00ff')) {
    const buf = Buffer.from(bytes.slice(2), 'latin1');
    if (buf.length % 2 === 1) return '';
    buf.swap16();
    return buf.toString('utf16le');
  }
  return bytes;
}

export function extractTextLines(content: Buffer): string[] {
  const lexer = new ContentLexer(content.toString('latin1'));
  const lines: string[] = [];
  let current = '';
  let operands: Operand[] = [];
  let lastTmY: number | null = null;
  const breakLine = (): void => {
    if (current.trim().length > 0) lines.push(current.replace(/\s+/g, ' ').trim());
    current = '';
  };
  for (let token = lexer.next(); token !== null; token = lexer.next()) {
    if (typeof token !== 'object' || Array.isArray(token) || !('op' in token)) {
      operands.push(token);
      continue;
    }
    const last = operands[operands.length - 1];
    switch (token.op) {
      case 'BT':
      case 'ET':
      case 'T*':
        breakLine();
        break;
      case 'Td':
      case 'TD':
        if (operands[1] !== 0) breakLine();
        else if (current.length > 0) current += ' ';
        break;
      case 'Tm': {
        const y = typeof operands[5] === 'number' ? operands[5] : null;
        if (y !== lastTmY) breakLine();
        lastTmY = y;
        break;
      }
      case 'Tj':
        if (typeof last === 'string') current += last;
        break;
      case "'":
      case '"':
        breakLine();
        if (typeof last === 'string') current += last;
        break;
      case 'TJ':
        if (Array.isArray(last)) {
          for (const item of last) {
            if (typeof item === 'string') current += item;
            else if (typeof item === 'number' && item < -WORD_GAP) current += ' ';
          }
        }
        break;
      default:
        break;
    }
    operands = [];
  }
  breakLine();
  return lines;
}
