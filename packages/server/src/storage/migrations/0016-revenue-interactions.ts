import { sql, type Kysely } from 'kysely';

/**
 * A partial index over the interactions that carry an amount, holding what customer equity reads
 * (customer, time, amount, currency): the equity fit and its change signature become scans of an
 * organization's revenue rows instead of all its interactions, most of which (check-ins, calls,
 * visits) have no amount. Interactions without an amount pay nothing for it. Same statement on
 * SQLite and PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX interactions_revenue
    ON interactions (organization_seq, customer_id, occurred_at, amount, currency)
    WHERE amount IS NOT NULL`.execute(db);
}
