/** Small conversions between stored rows and API objects, shared by every repository. */

/** The current instant as stored: ISO 8601 UTC with milliseconds. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Normalises any accepted ISO instant (with an offset) to the stored UTC form. */
export function toStoredInstant(value: string): string {
  return new Date(value).toISOString();
}

/** Parses a JSON column; the column is written only by repositories, so it is trusted. */
export function parseJsonColumn<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** SQLite returns 0/1 and PostgreSQL integers for flags: both read back as booleans. */
export function toFlag(value: number | boolean): boolean {
  return value === true || value === 1;
}

/** Escapes `%`, `_` and `\` for a LIKE pattern that matches the text anywhere. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
