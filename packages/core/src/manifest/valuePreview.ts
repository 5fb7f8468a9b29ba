import { INPUT_LIMITS } from './manifestLimits';

/**
 * The value found, as JSON cut to `max` characters for a message. Stops writing as soon as the
 * text is long enough, so a huge value costs no more than a small one.
 */
export function previewValue(value: unknown, max: number = INPUT_LIMITS.preview): string {
  const parts: string[] = [];
  let length = 0;
  const emit = (text: string): boolean => {
    parts.push(text);
    length += text.length;
    return length > max;
  };
  const write = (v: unknown, depth: number): boolean => {
    if (v === null || typeof v === 'boolean' || typeof v === 'number') return emit(String(v));
    if (typeof v === 'string') return emit(JSON.stringify(v.slice(0, max + 1)));
    if (typeof v !== 'object') return emit(typeof v);
    if (depth > 8) return emit('...');
    const isArray = Array.isArray(v);
    if (emit(isArray ? '[' : '{')) return true;
    const entries = isArray ? (v as unknown[]).entries() : Object.entries(v as object);
    let first = true;
    for (const [key, item] of entries) {
      if (!first && emit(',')) return true;
      first = false;
      if (!isArray && emit(`${JSON.stringify(String(key).slice(0, max + 1))}:`)) return true;
      if (write(item, depth + 1)) return true;
    }
    return emit(isArray ? ']' : '}');
  };
  write(value, 0);
  const text = parts.join('');
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
