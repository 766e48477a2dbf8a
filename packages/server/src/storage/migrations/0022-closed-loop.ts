import { sql, type Kysely } from 'kysely';

/**
 * Closing the loop: the e-mails sent to a case's customer, the follow-up surveys sent after a
 * case is resolved with their outcome, and each organization's default follow-up survey.
 *
 * - `case_messages`: one e-mail to the customer of a case; the job that sends it names the row,
 *   and the row keeps what was said (subject and plain text), to whom and whether it went.
 * - `case_follow_ups`: one follow-up survey invitation (an invitation of a one-person campaign,
 *   so tokens, links, reminders and unsubscribing work as for any campaign) with the original
 *   answer it follows up on and, once answered, the follow-up answer, its category and whether
 *   the customer was recovered (a detractor before, passive or promoter after). `case_id` is null
 *   for a follow-up a rule sent without a case.
 * - `closed_loop_settings`: the survey a follow-up uses when the request names none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const orgRef = 'organizations.id';
  await db.schema
    .createTable('case_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    /** Erasing a customer erases what was written to them. */
    .addColumn('customer_id', 'text', (c) =>
      c.notNull().references('customers.id').onDelete('cascade'),
    )
    .addColumn('template', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    /** queued | sent | failed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('sent_by', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX case_messages_case ON case_messages (case_id, created_at, id)`.execute(db);
  await db.schema
    .createTable('case_follow_ups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.references('cases.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) =>
      c.notNull().references('customers.id').onDelete('cascade'),
    )
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id').onDelete('set null'))
    .addColumn('invitation_id', 'text', (c) => c.references('invitations.id').onDelete('set null'))
    .addColumn('original_response_id', 'text')
    /** nps | csat: the scale of both answers (a follow-up compares like with like). */
    .addColumn('metric', 'text')
    .addColumn('original_score', 'real')
    /** promoter | passive | detractor (NPS); satisfied | neutral | dissatisfied (CSAT). */
    .addColumn('original_category', 'text')
    /** sent | answered */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response_id', 'text')
    .addColumn('score', 'real')
    .addColumn('category', 'text')
    /** 0/1 once answered: a detractor before, passive or promoter after. */
    .addColumn('recovered', 'integer')
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The subscriber looks for a customer's unanswered follow-up of a survey; reports by time sent.
  await sql`CREATE INDEX case_follow_ups_customer ON case_follow_ups (organization_id, customer_id, survey_id, status)`.execute(
    db,
  );
  await sql`CREATE INDEX case_follow_ups_org_sent ON case_follow_ups (organization_id, sent_at, id)`.execute(
    db,
  );
  await sql`CREATE INDEX case_follow_ups_case ON case_follow_ups (case_id, sent_at, id) WHERE case_id IS NOT NULL`.execute(
    db,
  );
  await db.schema
    .createTable('closed_loop_settings')
    .addColumn('organization_id', 'text', (c) =>
      c.primaryKey().references(orgRef).onDelete('cascade'),
    )
    .addColumn('follow_up_survey_id', 'text', (c) =>
      c.references('surveys.id').onDelete('set null'),
    )
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
