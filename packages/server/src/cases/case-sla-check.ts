/**
 * The SLA check of one case, run by the `cases.sla` job at the case's next due time: each target
 * passed unmet is marked breached, written on the timeline, announced by `case.sla_breached` and
 * escalated to the team lead; then the check of the next due time is queued. A check queued for
 * a due time the case no longer has (it was met, paused or moved) does nothing.
 */
import { z } from 'zod';
import type { JobRegistry, TJobContext } from '../jobs/job-registry.js';
import { PermanentJobError } from '../jobs/job-registry.js';
import { notify } from '../notifications/notify.js';
import type { TStorage } from '../storage/database.js';
import { CASE_JOBS } from './case-job-kinds.js';
import { passedTargets } from './case-sla.js';
import { addCaseActivity, appendCaseEvents, scheduleSlaCheck } from './case-writes.js';
import { findCaseRow, updateCaseRow } from './cases.repository.js';

export const ZCaseSlaJob = z.object({ caseId: z.string(), checkAt: z.string() });

const TARGET_LABEL = { first_response: 'first response', resolution: 'resolution' } as const;

/** Marks the case's passed targets at `now`; returns the targets it marked. */
export async function checkCaseSla(
  storage: TStorage,
  orgId: string,
  caseId: string,
  checkAt: string,
  now: Date,
): Promise<string[]> {
  return storage.db.transaction().execute(async (trx) => {
    const row = await findCaseRow(trx, orgId, caseId);
    if (row === undefined || row.sla_check_at !== checkAt) return [];
    const at = now.toISOString();
    const passed = passedTargets(row, now);
    for (const { target, dueAt } of passed) {
      const column =
        target === 'first_response' ? 'first_response_breached_at' : 'resolution_breached_at';
      row[column] = at;
      row.escalated_at = at;
      await updateCaseRow(trx, orgId, caseId, { [column]: at, escalated_at: at, updated_at: at });
      await addCaseActivity(trx, {
        organizationId: orgId,
        caseId,
        kind: 'sla_breached',
        actor: { type: 'system', id: null },
        body: `The ${TARGET_LABEL[target]} target was missed (due ${dueAt}); escalated to the team lead.`,
        data: { target, dueAt },
        now,
      });
      if (row.team_id !== null) {
        await notify(trx, {
          organizationId: orgId,
          recipients: { teamLeadsOf: [row.team_id] },
          kind: 'case.sla_breached',
          title: `Case #${row.number} missed its ${TARGET_LABEL[target]} target: ${row.title}`,
          body: `Due ${dueAt}.`,
          link: `/cases/${caseId}`,
          subject: { type: 'case', id: caseId },
          now,
        });
      }
    }
    // This check is done: clearing its mark makes the next one queue even for the same time.
    row.sla_check_at = null;
    await updateCaseRow(trx, orgId, caseId, { sla_check_at: null });
    await scheduleSlaCheck(trx, row, now);
    await appendCaseEvents(
      trx,
      passed.map(({ target, dueAt }) => ({
        type: 'case.sla_breached' as const,
        row,
        change: { target, dueAt, breachedAt: at },
      })),
      now,
    );
    return passed.map((p) => p.target);
  });
}

async function runCaseSlaCheck(
  payload: z.infer<typeof ZCaseSlaJob>,
  context: TJobContext,
): Promise<void> {
  if (context.organizationId === null) {
    throw new PermanentJobError('a cases.sla job names the organization of its case');
  }
  await checkCaseSla(
    context.storage,
    context.organizationId,
    payload.caseId,
    payload.checkAt,
    context.now,
  );
}

export function registerCaseJobs(registry: JobRegistry): void {
  registry.register(CASE_JOBS.sla, ZCaseSlaJob, runCaseSlaCheck);
}
