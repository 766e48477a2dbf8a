import type { Kysely } from 'kysely';

/**
 * Responses by survey and version: whether a version has responses (it is then immutable) is one
 * probe, a survey's responses are counted from the index alone, and an export pages through a
 * survey's responses in (version, id) order with keyset pagination at a constant cost per page.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('responses_survey_version')
    .on('responses')
    .columns(['survey_id', 'survey_version', 'id'])
    .execute();
}
