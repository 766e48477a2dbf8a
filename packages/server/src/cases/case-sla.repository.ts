/** SQL of the SLA policies: the targets of each priority, per organization. */
import {
  CASE_PRIORITIES,
  DEFAULT_CASE_SLA_POLICIES,
  type TCasePriority,
  type TCaseSlaPolicy,
} from '@touchstone/core';
import type { TDb } from '../storage/database.js';

/** The organization's policies, one per priority; priorities never set read as the defaults. */
export async function findSlaPolicies(db: TDb, orgId: string): Promise<TCaseSlaPolicy[]> {
  const rows = await db
    .selectFrom('case_sla_policies')
    .selectAll()
    .where('organization_id', '=', orgId)
    .execute();
  return CASE_PRIORITIES.map((priority) => {
    const row = rows.find((r) => r.priority === priority);
    return row === undefined
      ? { priority, ...DEFAULT_CASE_SLA_POLICIES[priority] }
      : {
          priority,
          firstResponseMinutes: Number(row.first_response_minutes),
          resolutionMinutes: Number(row.resolution_minutes),
        };
  });
}

/** The targets of one priority. */
export async function findSlaPolicy(
  db: TDb,
  orgId: string,
  priority: TCasePriority,
): Promise<TCaseSlaPolicy> {
  const row = await db
    .selectFrom('case_sla_policies')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('priority', '=', priority)
    .executeTakeFirst();
  if (row === undefined) return { priority, ...DEFAULT_CASE_SLA_POLICIES[priority] };
  return {
    priority,
    firstResponseMinutes: Number(row.first_response_minutes),
    resolutionMinutes: Number(row.resolution_minutes),
  };
}

/** Stores policies, replacing those of the same priorities. */
export async function upsertSlaPolicies(
  db: TDb,
  orgId: string,
  policies: readonly TCaseSlaPolicy[],
  now: string,
): Promise<void> {
  for (const p of policies) {
    await db
      .insertInto('case_sla_policies')
      .values({
        organization_id: orgId,
        priority: p.priority,
        first_response_minutes: p.firstResponseMinutes,
        resolution_minutes: p.resolutionMinutes,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['organization_id', 'priority']).doUpdateSet({
          first_response_minutes: p.firstResponseMinutes,
          resolution_minutes: p.resolutionMinutes,
          updated_at: now,
        }),
      )
      .execute();
  }
}
