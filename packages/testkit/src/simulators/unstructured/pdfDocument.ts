import { inflateSync } from 'node:zlib';

/**
 * Just enough PDF structure to find each page's content streams in page order: indirect
 * objects, the Catalog → Pages → Kids tree, /Contents, and FlateDecode. Cross-reference tables
 * are not needed because objects are found by scanning. Fonts are not interpreted, so text is
 * read as the bytes of the string operands (right for the standard fonts tests use).
 */
export class PdfFormatError extends Error {
  override readonly name = 'PdfFormatError';
}

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

const OBJECT_PATTERN = /(\d+)\s+(\d+)\s+obj\b([\s\S]*?)\bendobj\b/g;
const TYPE_PAGE = /\/Type\s*\/Page(?![A-Za-z])/;
const TYPE_PAGES = /\/Type\s*\/Pages\b/;
const MAX_TREE_DEPTH = 32;

function parseObjects(source: string): Map<number, PdfObject> {
  const objects = new Map<number, PdfObject>();
  for (const match of source.matchAll(OBJECT_PATTERN)) {
    const body = match[3] ?? '';
    const streamAt = body.search(/\bstream\r?\n/);
    if (streamAt === -1) {
      objects.set(Number(match[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, streamAt);
    const dataStart = body.indexOf('\n', streamAt) + 1;
    const dataEnd = body.lastIndexOf('endstream');
    let data = body.slice(dataStart, dataEnd === -1 ? body.length : dataEnd);
    const length = /\/Length\s+(\d+)\b(?!\s+\d+\s+R)/.exec(dict);
    if (length && Number(length[1]) <= data.length) data = data.slice(0, Number(length[1]));
    else data = data.replace(/\r?\n$/, '');
    objects.set(Number(match[1]), { dict, stream: Buffer.from(data, 'latin1') });
  }
  return objects;
}

function refs(text: string): number[] {
  return [...text.matchAll(/(\d+)\s+\d+\s+R\b/g)].map((m) => Number(m[1]));
}

/** Pages in document order: the Kids tree from the Catalog, else Page objects by number. */
function pageObjects(objects: Map<number, PdfObject>): PdfObject[] {
  const catalog = [...objects.values()].find((o) => /\/Type\s*\/Catalog\b/.test(o.dict));
  const rootRef = catalog ? /\/Pages\s+(\d+)\s+\d+\s+R/.exec(catalog.dict) : null;
  if (!rootRef) {
    return [...objects.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, o]) => o)
      .filter((o) => TYPE_PAGE.test(o.dict));
  }
  const pages: PdfObject[] = [];
  const visit = (id: number, depth: number): void => {
    const node = objects.get(id);
    if (node === undefined || depth > MAX_TREE_DEPTH) return;
    if (TYPE_PAGES.test(node.dict)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node.dict)?.[1] ?? '';
      for (const kid of refs(kids)) visit(kid, depth + 1);
    } else if (TYPE_PAGE.test(node.dict)) {
      pages.push(node);
    }
  };
  visit(Number(rootRef[1]), 0);
  return pages;
}

function decodeStream(object: PdfObject): Buffer | null {
  if (object.stream === null) return null;
  const filter = /\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(object.dict)?.[1];
  if (filter === undefined) return object.stream;
  const filters = filter.match(/\/\w+/g) ?? [];
  if (filters.length === 1 && filters[0] === '/FlateDecode') {
    try {
      return inflateSync(object.stream);
    } catch {
      return null;
    }
  }
  // Other filters (LZW, ASCII85, DCT...) are outside what the simulator reads.
  return null;
}

/** The decoded content streams of every page, in page order (one Buffer list per page). */
export function readPdfPages(file: Buffer): Buffer[][] {
  const source = file.toString('latin1');
  if (!/^\s*%PDF-\d\.\d/.test(source)) throw new PdfFormatError('missing %PDF- header');
  const objects = parseObjects(source);
  const pages = pageObjects(objects);
  if (pages.length === 0) throw new PdfFormatError('no pages');
  return pages.map((page) => {
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)/.exec(page.dict)?.[1] ?? '';
    return refs(contents)
      .map((id) => objects.get(id))
      .filter((o): o is PdfObject => o !== undefined)
      .map(decodeStream)
      .filter((b): b is Buffer => b !== null);
  });
}
