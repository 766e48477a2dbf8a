import { sql, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { AppError } from '@touchstone/core';
import type { TDatabaseSchema } from './schema.js';

export interface TSortSpec {
  /** Qualified column, e.g. `teams.name`. */
  column: string;
  direction: 'asc' | 'desc';
  /** Sorts by this expression instead of the column (e.g. `coalesce` over a nullable column). */
  expression?: RawBuilder<unknown>;
}

/** Maps an API sort (`name`, `-createdAt`) to a column through the resource's allowed fields. */
export function parseSort(sort: string, columns: Record<string, string>): TSortSpec {
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  const column = columns[field];
  if (column === undefined) {
    throw new AppError('validation_failed', `cannot sort by ${field}`, [
      { field: 'query.sort', message: `one of ${Object.keys(columns).join(', ')}` },
    ]);
  }
  return { column, direction: descending ? 'desc' : 'asc' };
}

type TCursorValue = string | number;

function encodeCursor(value: TCursorValue, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): [TCursorValue, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string'
    ) {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('bad_request', 'the cursor is not one this API returned', [
    { field: 'query.cursor', message: 'not a valid cursor' },
  ]);
}

export interface TPageOptions<Row> {
  sort: TSortSpec;
  /** Qualified id column, the tie-breaker that makes the order total. */
  idColumn: string;
  cursor: string | undefined;
  limit: number;
  /** Reads the sort column's value and the id back from a row, to build the next cursor. */
  keyOf: (row: Row) => [TCursorValue, string];
}

/**
 * Keyset pagination: rows after the cursor in (sort column, id) order, one page at a time, so
 * that deep pages cost the same as the first and concurrent inserts never shift a page.
 */
export async function fetchPage<TB extends keyof TDatabaseSchema, Row>(
  query: SelectQueryBuilder<TDatabaseSchema, TB, Row>,
  options: TPageOptions<Row>,
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const { sort, idColumn, limit } = options;
  const col = sort.expression ?? sql.ref(sort.column);
  const id = sql.ref(idColumn);
  let q = query;
  if (options.cursor !== undefined) {
    const [value, lastId] = decodeCursor(options.cursor);
    q =
      sort.direction === 'asc'
        ? q.where(sql<SqlBool>`(${col} > ${value} or (${col} = ${value} and ${id} > ${lastId}))`)
        : q.where(sql<SqlBool>`(${col} < ${value} or (${col} = ${value} and ${id} < ${lastId}))`);
  }
  const rows = await q
    .orderBy(col, sort.direction)
    .orderBy(id, sort.direction)
    .limit(limit + 1)
    .execute();
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  const nextCursor = hasMore && last !== undefined ? encodeCursor(...options.keyOf(last)) : null;
  return { rows: pageRows, nextCursor };
}

/** (key, id) pairs in ascending order. */
function compareKeys(a: [TCursorValue, string], b: [TCursorValue, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

/** One query of a merged page, ordered by its own column (see `fetchMergedPage`). */
export interface TPagePart<TB extends keyof TDatabaseSchema, Row> {
  query: SelectQueryBuilder<TDatabaseSchema, TB, Row>;
  sort: TSortSpec;
}

/**
 * Keyset pagination in the order of one key that no index serves, over rows that several
 * queries share out between them (each row in one part only), where each part's rows are in the
 * key's order by its own column and so by its own index: every part gives its page after the
 * cursor, and the pages merge by (key, id). The parts sort in the same direction; `keyOf` reads
 * the shared key, which is the part's sort column for each of its rows.
 */
export async function fetchMergedPage<TB extends keyof TDatabaseSchema, Row>(
  parts: TPagePart<TB, Row>[],
  options: Omit<TPageOptions<Row>, 'sort'>,
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const pages = [];
  for (const part of parts)
    pages.push(await fetchPage(part.query, { ...options, sort: part.sort }));
  const sign = parts[0]?.sort.direction === 'desc' ? -1 : 1;
  const rows = pages
    .flatMap((page) => page.rows)
    .sort((a, b) => sign * compareKeys(options.keyOf(a), options.keyOf(b)));
  const hasMore = rows.length > options.limit || pages.some((page) => page.nextCursor !== null);
  const pageRows = rows.slice(0, options.limit);
  const last = pageRows[pageRows.length - 1];
  const nextCursor = hasMore && last !== undefined ? encodeCursor(...options.keyOf(last)) : null;
  return { rows: pageRows, nextCursor };
}
