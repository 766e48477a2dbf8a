/**
 * Text with a NUL character (U+0000): PostgreSQL's text type cannot hold one and SQLite's can, so
 * Touchstone refuses it everywhere (API bodies, queries, paths, import rows) and both databases
 * give the same answer.
 */
export const NUL_MESSAGE = 'text may not contain a NUL character (U+0000)';

/**
 * The dotted paths (from `path`) of the strings in a parsed JSON value that hold a NUL, keys
 * included, at most `limit` of them. Streams and byte arrays are not walked.
 */
export function nulPaths(value: unknown, path: string, limit = 20): string[] {
  const found: string[] = [];
  walk(value, path, found, limit);
  return found;
}

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

function walk(value: unknown, path: string, found: string[], limit: number): void {
  if (found.length >= limit) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, join(path, String(i)), found, limit));
    return;
  }
  // Not a stream (a body read row by row elsewhere) or bytes.
  if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) found.push(join(path, key.replaceAll('\u0000', '\\u0000')));
    else walk(item, join(path, key), found, limit);
  }
}
