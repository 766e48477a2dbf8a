/**
 * `PATCH /api/cases/{id}`: status, priority, team, assignee and codes, each change recorded on
 * the timeline and in one `case.updated` event, all in one transaction, against the version the
 * client saw (a stale version is a 409, as is a status move the transitions do not allow).
 */
import {
  AppError,
  CASE_TRANSITIONS,
  invalidField,
  newId,
  notFound,
  type TCaseCodeKind,
  type TCaseDetail,
  type TCaseStatus,
  type TCaseUpdate,
} from '@touchstone/core';
import type { Updateable } from 'kysely';
import type { TServiceContext } from '../auth/actor.js';
import { notify } from '../notifications/notify.js';
import type { TDb } from '../storage/database.js';
import type { TCasesTable } from '../storage/schema.js';
import { findCaseCode } from './case-codes.repository.js';
import { addMs, clockRunsIn } from './case-sla.js';
import { findSlaPolicy } from './case-sla.repository.js';
import {
  addCaseActivity,
  appendCaseEvents,
  assertAssignable,
  scheduleSlaCheck,
} from './case-writes.js';
import { caseActorOf, caseScopeOf, getCaseDetail, inScope } from './cases.service.js';
import { findCaseRow, updateCaseRow } from './cases.repository.js';

type TChange = Record<string, { from: unknown; to: unknown }>;

/** The SLA columns a status move changes: the clock stops, or resumes with its due times pushed. */
export function slaOnStatusChange(
  row: TCasesTable,
  to: TCaseStatus,
  now: Date,
): Updateable<TCasesTable> {
  const at = now.toISOString();
  const from = row.status as TCaseStatus;
  const changes: Updateable<TCasesTable> = {};
  if (to === 'resolved') changes.resolved_at = at;
  if (to === 'closed') {
    changes.closed_at = at;
    if (row.resolved_at === null) changes.resolved_at = at;
  }
  if (to === 'open' && (from === 'resolved' || from === 'closed')) {
    changes.resolved_at = null;
    changes.closed_at = null;
  }
  if (clockRunsIn(from) && !clockRunsIn(to)) changes.paused_at = at;
  if (!clockRunsIn(from) && clockRunsIn(to) && row.paused_at !== null) {
    const pausedFor = Math.max(0, now.getTime() - Date.parse(row.paused_at));
    changes.paused_at = null;
    changes.paused_ms = Number(row.paused_ms) + pausedFor;
    if (row.first_responded_at === null && row.first_response_breached_at === null) {
      changes.first_response_due_at = addMs(row.first_response_due_at, pausedFor);
    }
    if (row.resolution_breached_at === null) {
      changes.resolution_due_at = addMs(row.resolution_due_at, pausedFor);
    }
  }
  return changes;
}

async function assertCode(
  trx: TDb,
  orgId: string,
  id: string | null,
  kind: TCaseCodeKind,
  field: string,
): Promise<void> {
  if (id === null) return;
  const code = await findCaseCode(trx, orgId, id);
  if (code === undefined || code.kind !== kind) {
    throw invalidField(field, `${id} is not a ${kind.replace('_', '-')} code of this organization`);
  }
  if (code.archived) throw invalidField(field, `code "${code.label}" is archived`);
}

/** Parses `If-Match` (`"3"`, `W/"3"` or `3`) into a version; undefined when absent. */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (match === null) {
    throw new AppError('bad_request', 'If-Match must be the case version, e.g. "3"', [
      { field: 'headers.if-match', message: 'not a version' },
    ]);
  }
  return Number(match[1]);
}

export async function updateCase(
  ctx: TServiceContext,
  id: string,
  input: TCaseUpdate,
  ifMatch?: number,
): Promise<TCaseDetail> {
  const orgId = ctx.actor.organizationId;
  const scope = await caseScopeOf(ctx);
  const actor = caseActorOf(ctx);
  const now = new Date();
  const at = now.toISOString();
  await ctx.storage.db.transaction().execute(async (trx) => {
    const row = await findCaseRow(trx, orgId, id);
    if (row === undefined || !inScope(scope, row.team_id)) throw notFound('case', id);
    const expected = input.version ?? ifMatch;
    if (expected !== undefined && expected !== Number(row.version)) {
      throw new AppError(
        'conflict',
        `case #${row.number} changed since version ${expected} (now ${row.version}): reload it`,
      );
    }
    const changes: Updateable<TCasesTable> = {};
    const change: TChange = {};
    const entries: { kind: string; body: string; data: Record<string, unknown> }[] = [];

    if (input.status !== undefined && input.status !== row.status) {
      const from = row.status as TCaseStatus;
      if (!CASE_TRANSITIONS[from].includes(input.status)) {
        throw new AppError(
          'conflict',
          `a case cannot move from ${from} to ${input.status} (allowed: ${CASE_TRANSITIONS[from].join(', ')})`,
          [{ field: 'body.status', message: `not allowed from ${from}` }],
        );
      }
      Object.assign(changes, { status: input.status }, slaOnStatusChange(row, input.status, now));
      change['status'] = { from, to: input.status };
      entries.push({
        kind: 'status_changed',
        body: '',
        data: { from, to: input.status },
      });
    }

    if (input.priority !== undefined && input.priority !== row.priority) {
      // Targets not yet met move to the new priority's, from the opening plus the time paused.
      const policy = await findSlaPolicy(trx, orgId, input.priority);
      const base = Date.parse(row.created_at) + Number(row.paused_ms);
      if (row.first_responded_at === null && row.first_response_breached_at === null) {
        changes.first_response_due_at = new Date(
          base + policy.firstResponseMinutes * 60_000,
        ).toISOString();
      }
      if (row.resolved_at === null && row.resolution_breached_at === null) {
        changes.resolution_due_at = new Date(
          base + policy.resolutionMinutes * 60_000,
        ).toISOString();
      }
      changes.priority = input.priority;
      change['priority'] = { from: row.priority, to: input.priority };
      entries.push({ kind: 'priority_changed', body: '', data: change['priority'] });
    }

    const teamId = input.teamId !== undefined ? input.teamId : row.team_id;
    let assigneeId = input.assigneeId !== undefined ? input.assigneeId : row.assignee_id;
    if (teamId !== row.team_id) {
      // An agent hands cases on among their own teams; a case they could not see afterwards
      // is for an admin to move.
      if (!inScope(scope, teamId)) {
        throw new AppError(
          'forbidden',
          teamId === null
            ? 'an agent cannot leave a case without a team'
            : `team ${teamId} is not one of yours: ask an admin to move the case there`,
          [{ field: 'body.teamId', message: 'not one of your teams' }],
        );
      }
      await assertAssignable(trx, orgId, teamId, null);
      // The person stays assigned only when they belong to the new team too.
      if (input.assigneeId === undefined && assigneeId !== null) {
        const kept = await assertAssignable(trx, orgId, teamId, assigneeId).then(
          () => true,
          () => false,
        );
        if (!kept) assigneeId = null;
      }
      changes.team_id = teamId;
      change['teamId'] = { from: row.team_id, to: teamId };
      entries.push({ kind: 'team_changed', body: '', data: change['teamId'] });
    }
    if (assigneeId !== row.assignee_id) {
      if (assigneeId !== null) await assertAssignable(trx, orgId, teamId, assigneeId);
      changes.assignee_id = assigneeId;
      change['assigneeId'] = { from: row.assignee_id, to: assigneeId };
      entries.push({ kind: 'assignee_changed', body: '', data: change['assigneeId'] });
    }

    for (const [field, column, kind] of [
      ['rootCauseCodeId', 'root_cause_code_id', 'root_cause'],
      ['resolutionCodeId', 'resolution_code_id', 'resolution'],
    ] as const) {
      const value = input[field];
      if (value === undefined || value === row[column]) continue;
      await assertCode(trx, orgId, value, kind, `body.${field}`);
      changes[column] = value;
      change[field] = { from: row[column], to: value };
      entries.push({ kind: 'code_changed', body: '', data: { field, ...change[field] } });
    }

    const changed = entries.length > 0;
    if (!changed && input.note === undefined) return;
    if (changed) {
      const written = await updateCaseRow(
        trx,
        orgId,
        id,
        { ...changes, updated_at: at, version: Number(row.version) + 1 },
        Number(row.version),
      );
      if (!written)
        throw new AppError('conflict', `case #${row.number} changed meanwhile: reload it`);
    }
    if (input.note !== undefined) entries.push({ kind: 'note', body: input.note, data: {} });
    // Sorted, so the entries of this one instant keep their order on the timeline.
    const activityIds = entries.map(() => newId()).sort();
    for (const [i, entry] of entries.entries()) {
      const activityId = activityIds[i] ?? newId();
      await addCaseActivity(trx, {
        organizationId: orgId,
        caseId: id,
        actor,
        now,
        id: activityId,
        ...entry,
      });
    }
    if (!changed) return;
    const updated = await findCaseRow(trx, orgId, id);
    if (updated === undefined) throw notFound('case', id);
    await scheduleSlaCheck(trx, updated, now);
    if (
      change['assigneeId'] !== undefined &&
      assigneeId !== null &&
      assigneeId !== ctx.actor.userId
    ) {
      await notify(trx, {
        organizationId: orgId,
        recipients: { userIds: [assigneeId] },
        kind: 'case.assigned',
        title: `Case #${row.number} assigned to you: ${row.title}`,
        body: row.description,
        link: `/cases/${id}`,
        subject: { type: 'case', id },
        now,
      });
    }
    await appendCaseEvents(trx, [{ type: 'case.updated', row: updated, change }], now);
  });
  return getCaseDetail(ctx, id);
}
