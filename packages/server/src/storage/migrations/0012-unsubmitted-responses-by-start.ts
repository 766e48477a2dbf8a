import { sql, type Kysely } from 'kysely';

/**
 * A list of responses that is not filtered to complete ones sorts by
 * `coalesce(submitted_at, started_at)`: a submitted response by its submission, a partial one by
 * its start. No index gives that order, so such a list read and sorted every response of the
 * organization (slow for a large organization, and it is the dashboard's default list). The list
 * now reads two ordered ranges and merges them: submitted responses from the time index
 * `(organization_seq, submitted_at)`, and unsubmitted ones from this index, partial so that it
 * holds only responses without a submission time (the few a respondent left unfinished; a
 * completed response leaves it, and bulk imports never enter it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX responses_org_unsubmitted ON responses (organization_seq, started_at)
    WHERE submitted_at IS NULL`.execute(db);
}
