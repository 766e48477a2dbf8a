import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { containsPattern } from './rows.js';

/**
 * `column` contains `text`, ignoring case, with `%`, `_` and `\` taken literally. Written out
 * because the two databases differ: PostgreSQL's LIKE is case-sensitive and SQLite's is not, and
 * SQLite has no default escape character. Both sides go through the database's own `lower`, so
 * an exact spelling always matches (SQLite folds ASCII only).
 */
export function containsText(column: string, text: string): RawBuilder<SqlBool> {
  const pattern = containsPattern(text);
  return sql<SqlBool>`lower(${sql.ref(column)}) like lower(${pattern}) escape '\\'`;
}
