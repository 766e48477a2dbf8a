import { sql, type Kysely } from 'kysely';

/**
 * The comments of one customer, newest first, for the customer page (`GET /api/comments?customer=`):
 * a partial index over the comments that have a customer. Same statement on SQLite and PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX comment_analyses_customer
    ON comment_analyses (customer_id, day, submitted_at)
    WHERE customer_id IS NOT NULL`.execute(db);
}
