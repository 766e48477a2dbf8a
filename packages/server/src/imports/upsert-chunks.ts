/**
 * Splits rows into statements of at most `max` rows in which no key repeats: PostgreSQL refuses
 * an INSERT ... ON CONFLICT DO UPDATE that would update the same row twice. Order is kept, so a
 * later row for the same key still wins. Rows without a key (null) never conflict.
 */
export function* splitForUpsert<T>(
  rows: readonly T[],
  max: number,
  keyOf: (row: T) => string | null,
): Generator<T[]> {
  let chunk: T[] = [];
  let keys = new Set<string>();
  for (const row of rows) {
    const key = keyOf(row);
    if (chunk.length >= max || (key !== null && keys.has(key))) {
      yield chunk;
      chunk = [];
      keys = new Set();
    }
    chunk.push(row);
    if (key !== null) keys.add(key);
  }
  if (chunk.length > 0) yield chunk;
}
