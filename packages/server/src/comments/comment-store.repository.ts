/** Writes and reads the stored analysis of comments (`comment_analyses`, `comment_themes`). */
import { sql } from 'kysely';
import type { TDb, TDialectName } from '../storage/database.js';
import type { TCommentAnalysesTable, TCommentThemesTable } from '../storage/schema.js';

/** Rows written per INSERT: well under both databases' limit of bound parameters. */
const INSERT_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The stored comments of the given responses. */
export async function findCommentsOfResponses(
  db: TDb,
  responseIds: readonly string[],
): Promise<TCommentAnalysesTable[]> {
  if (responseIds.length === 0) return [];
  return db
    .selectFrom('comment_analyses')
    .select([
      'response_id',
      'question_key',
      'organization_id',
      'survey_id',
      'touchpoint_id',
      'customer_id',
      'segment_key',
      'day',
      'submitted_at',
      'nps',
      'text',
      'score',
      'label',
      'language',
      'english',
      'truncated',
      'themes_json',
      'analyzed_at',
    ])
    .where('response_id', 'in', [...responseIds])
    .execute();
}

/**
 * Serialises the comment writes of one organization until the transaction ends. On PostgreSQL two
 * writers of the same responses (the event subscriber and a backfill) could each delete nothing
 * and then both insert; SQLite runs one write transaction at a time anyway.
 */
export async function lockCommentWrites(
  db: TDb,
  dialect: TDialectName,
  organizationId: string,
): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`comments:${organizationId}`}))`.execute(db);
}

/**
 * Replaces every stored comment of the given responses (and their theme rows) by `comments`
 * and `themes`, which hold exactly those responses' new rows.
 */
export async function replaceCommentsOfResponses(
  db: TDb,
  responseIds: readonly string[],
  comments: readonly TCommentAnalysesTable[],
  themes: readonly TCommentThemesTable[],
): Promise<void> {
  for (const ids of chunks(responseIds, INSERT_CHUNK)) {
    await db.deleteFrom('comment_themes').where('response_id', 'in', ids).execute();
    await db.deleteFrom('comment_analyses').where('response_id', 'in', ids).execute();
  }
  for (const rows of chunks(comments, INSERT_CHUNK)) {
    await db.insertInto('comment_analyses').values(rows).execute();
  }
  for (const rows of chunks(themes, INSERT_CHUNK * 2)) {
    await db.insertInto('comment_themes').values(rows).execute();
  }
}

/** The analysed comments of a customer's responses, oldest first (the personal data export). */
export async function listCommentsOfCustomer(db: TDb, organizationId: string, customerId: string) {
  return db
    .selectFrom('comment_analyses')
    .select(['response_id', 'question_key', 'text', 'score', 'label', 'language', 'themes_json'])
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .orderBy('submitted_at')
    .orderBy('response_id')
    .execute();
}

/** Removes the stored comments (and theme rows) of these responses; how many comments went. */
export async function deleteCommentsOfResponses(
  db: TDb,
  organizationId: string,
  responseIds: readonly string[],
): Promise<number> {
  let deleted = 0;
  for (const ids of chunks(responseIds, INSERT_CHUNK)) {
    await db
      .deleteFrom('comment_themes')
      .where('organization_id', '=', organizationId)
      .where('response_id', 'in', ids)
      .execute();
    const result = await db
      .deleteFrom('comment_analyses')
      .where('organization_id', '=', organizationId)
      .where('response_id', 'in', ids)
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}

/** Removes a deleted theme from the theme rows (its id leaves `themes_json` at the next analysis). */
export async function deleteThemeRows(db: TDb, organizationId: string, themeId: string) {
  await db
    .deleteFrom('comment_themes')
    .where('organization_id', '=', organizationId)
    .where('theme_id', '=', themeId)
    .execute();
}

export async function countComments(db: TDb, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('comment_analyses')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The texts of an organization's comments, newest first, for theme discovery. */
export async function findRecentCommentTexts(
  db: TDb,
  organizationId: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('comment_analyses')
    .select('text')
    .where('organization_id', '=', organizationId)
    .where('english', '=', 1)
    .orderBy('submitted_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.text);
}

/**
 * Merges the SQLite full-text index into one segment after a bulk analysis: rows written one
 * at a time leave many segments, and every search reads each. PostgreSQL's GIN index needs no
 * such step.
 */
export async function optimizeCommentSearch(db: TDb, dialect: TDialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`INSERT INTO comment_search (comment_search) VALUES ('optimize')`.execute(db);
}
