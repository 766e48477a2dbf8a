import { type Kysely } from 'kysely';

/**
 * Whether an import's responses take rules' actions (open cases, notify): `skip`, the default,
 * or `run` when the request asked for it (`actions=run`). Imported history does not act unless
 * asked; imports before this migration are recorded as `skip`, which is what they are treated as
 * from now on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('imports')
    .addColumn('actions', 'text', (c) => c.notNull().defaultTo('skip'))
    .execute();
}
