/** SQL text for PostgreSQL from a column list shared with the SQLite tables. */

/** `$1, $2, ...` for `count` parameters, starting at `from`. */
export function placeholders(count: number, from = 1): string {
  return Array.from({ length: count }, (_, i) => `$${from + i}`).join(', ');
}

/**
 * `INSERT INTO table (columns) VALUES ($1...)`, with `ON CONFLICT (key) DO UPDATE` setting every
 * other column when `upsertOn` is given (a whole record written over, as SQLite's INSERT OR
 * REPLACE does), or `ON CONFLICT DO NOTHING` when `ignore` is set.
 */
export function insertSql(
  table: string,
  columns: readonly string[],
  conflict: { upsertOn: readonly string[] } | { ignore: true } | undefined = undefined,
): string {
  const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders(columns.length)})`;
  if (conflict === undefined) return insert;
  if ('ignore' in conflict) return `${insert} ON CONFLICT DO NOTHING`;
  const updates = columns
    .filter((c) => !conflict.upsertOn.includes(c))
    .map((c) => `${c} = EXCLUDED.${c}`);
  return `${insert} ON CONFLICT (${conflict.upsertOn.join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
}

/** The row's values in column order. */
export function valuesOf<Row extends object>(row: Row, columns: readonly (keyof Row)[]): unknown[] {
  return columns.map((column) => row[column]);
}
