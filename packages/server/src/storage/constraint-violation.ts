/**
 * Recognises a unique or foreign-key violation from SQLite or PostgreSQL and says it in words.
 * Services check the common cases first with clear messages; this catches races between requests.
 */
export function constraintViolation(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { code?: unknown }).code;
  if (
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === '23505'
  ) {
    return 'a record with the same unique value already exists';
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503') {
    return 'the record refers to, or is referred to by, another record';
  }
  return null;
}

/** True for a unique-key violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
