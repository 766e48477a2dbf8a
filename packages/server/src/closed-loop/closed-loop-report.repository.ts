/** SQL of the closed-loop report: the period's cases, their follow-ups, their customers' answers. */
import type { TDb } from '../storage/database.js';

export interface TReportFilters {
  organizationId: string;
  /** Cases created at or after this instant and before `until`. */
  since: string;
  until: string;
  teamId?: string | undefined;
  touchpointId?: string | undefined;
}

function reportCases(db: TDb, f: TReportFilters) {
  let q = db
    .selectFrom('cases')
    .where('cases.organization_id', '=', f.organizationId)
    .where('cases.created_at', '>=', f.since)
    .where('cases.created_at', '<', f.until);
  if (f.teamId !== undefined) q = q.where('cases.team_id', '=', f.teamId);
  if (f.touchpointId !== undefined) q = q.where('cases.touchpoint_id', '=', f.touchpointId);
  return q;
}

/** The period's cases with the names of their root cause, touchpoint and team. */
export async function findReportCases(db: TDb, f: TReportFilters) {
  return reportCases(db, f)
    .leftJoin('case_codes', 'case_codes.id', 'cases.root_cause_code_id')
    .leftJoin('touchpoints', 'touchpoints.id', 'cases.touchpoint_id')
    .leftJoin('teams', 'teams.id', 'cases.team_id')
    .select([
      'cases.id',
      'cases.status',
      'cases.customer_id',
      'cases.response_id',
      'cases.team_id',
      'cases.touchpoint_id',
      'cases.root_cause_code_id',
      'cases.created_at',
      'cases.first_responded_at',
      'cases.resolved_at',
      'cases.first_response_due_at',
      'cases.resolution_due_at',
      'cases.first_response_breached_at',
      'cases.resolution_breached_at',
      'case_codes.label as root_cause_label',
      'touchpoints.name as touchpoint_name',
      'teams.name as team_name',
    ])
    .execute();
}

/** The follow-ups of the period's cases. */
export async function findReportFollowUps(db: TDb, f: TReportFilters) {
  return reportCases(db, f)
    .innerJoin('case_follow_ups', 'case_follow_ups.case_id', 'cases.id')
    .select([
      'case_follow_ups.id',
      'case_follow_ups.case_id',
      'case_follow_ups.status',
      'case_follow_ups.original_category',
      'case_follow_ups.category',
      'case_follow_ups.recovered',
    ])
    .execute();
}

/** Complete responses of the customers, oldest first, with their numeric answers. */
export async function findCustomersResponses(db: TDb, orgId: string, customerIds: string[]) {
  const rows = [];
  for (let i = 0; i < customerIds.length; i += 500) {
    rows.push(
      ...(await db
        .selectFrom('responses')
        .select(['id', 'customer_id', 'survey_id', 'survey_version', 'values_json', 'submitted_at'])
        .where('organization_id', '=', orgId)
        .where('customer_id', 'in', customerIds.slice(i, i + 500))
        .where('status', '=', 'complete')
        .execute()),
    );
  }
  return rows.sort((a, b) => (a.submitted_at ?? '').localeCompare(b.submitted_at ?? ''));
}

/** The revenue interactions (with an amount) of the customers between two instants. */
export async function findCustomersRevenue(
  db: TDb,
  orgId: string,
  customerIds: string[],
  from: string,
  to: string,
) {
  const rows = [];
  for (let i = 0; i < customerIds.length; i += 500) {
    rows.push(
      ...(await db
        .selectFrom('interactions')
        .select(['customer_id', 'occurred_at', 'amount'])
        .where('organization_id', '=', orgId)
        .where('customer_id', 'in', customerIds.slice(i, i + 500))
        .where('amount', 'is not', null)
        .where('occurred_at', '>=', from)
        .where('occurred_at', '<', to)
        .execute()),
    );
  }
  return rows;
}
