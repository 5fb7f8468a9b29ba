/**
 * JSON text columns where SQL NULL stands for `undefined`, so a value that JSON cannot spell
 * at top level (no result, no preview) reads back as it was handed over, and `null` stays null.
 */
export function toJsonColumn(value: unknown): string | null {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? null : text;
}

export function fromJsonColumn(text: string | null): unknown {
  return text === null ? undefined : (JSON.parse(text) as unknown);
}
