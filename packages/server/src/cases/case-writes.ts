/**
 * The writes of cases that other capabilities share (rules open cases, the closed loop records
 * messages and follow-ups on the timeline): each runs in the caller's transaction, so the case,
 * its timeline, its events, its notifications and its SLA job commit together or not at all.
 */
import {
  AppError,
  invalidField,
  newId,
  notFound,
  type TCasePriority,
  type TEventType,
} from '@touchstone/core';
import { appendEventsIn } from '../events/events.repository.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { notify } from '../notifications/notify.js';
import type { TDb } from '../storage/database.js';
import type { TCasesTable } from '../storage/schema.js';
import { findTeam } from '../teams/teams.repository.js';
import { CASE_JOBS } from './case-job-kinds.js';
import { nextDueAt } from './case-sla.js';
import { findSlaPolicy } from './case-sla.repository.js';
import {
  findCaseRow,
  findTouchpointOwnerTeam,
  insertCaseActivityRow,
  insertCaseRow,
  nextCaseNumber,
  updateCaseRow,
} from './cases.repository.js';

export type TCaseActor = { type: 'user' | 'rule' | 'system' | 'customer'; id: string | null };

export interface TOpenCaseInput {
  organizationId: string;
  title: string;
  description: string;
  priority: TCasePriority;
  source: { type: 'response' | 'alert' | 'manual'; id: string | null };
  responseId: string | null;
  customerId: string | null;
  touchpointId: string | null;
  /** null: the touchpoint's owner team. */
  teamId: string | null;
  assigneeId: string | null;
  ruleId: string | null;
  actor: { type: 'user' | 'rule' | 'system'; id: string | null };
  now: Date;
}

export interface TCaseActivityInput {
  organizationId: string;
  caseId: string;
  kind: string;
  actor: TCaseActor;
  body: string;
  data: Record<string, unknown>;
  now: Date;
  /**
   * The entry's id, for writers that add several entries at one instant: the timeline orders
   * entries of the same instant by id, and ids drawn within a millisecond are not in order.
   */
  id?: string;
}

/**
 * Timeline kinds that do not count as the first response: moving a case around is not
 * answering it. Every other entry by a person (a note, a message, a status change) does.
 */
const NOT_A_RESPONSE = new Set([
  'created',
  'priority_changed',
  'team_changed',
  'assignee_changed',
  'code_changed',
  'sla_breached',
]);

/** The payload of the case events: the case's state after the write, and what changed. */
export function caseEventPayload(row: TCasesTable, change: Record<string, unknown> | null) {
  return {
    caseId: row.id,
    number: Number(row.number),
    status: row.status,
    priority: row.priority,
    teamId: row.team_id,
    assigneeId: row.assignee_id,
    responseId: row.response_id,
    customerId: row.customer_id,
    touchpointId: row.touchpoint_id,
    change,
  };
}

/** Appends one case event in the transaction (call once per transaction, after its rows). */
export async function appendCaseEvents(
  trx: TDb,
  events: { type: TEventType; row: TCasesTable; change: Record<string, unknown> | null }[],
  now: Date,
): Promise<void> {
  await appendEventsIn(
    trx,
    events.map((e) => ({
      id: newId(),
      organizationId: e.row.organization_id,
      type: e.type,
      subjectId: e.row.id,
      payloadJson: JSON.stringify(caseEventPayload(e.row, e.change)),
      at: now.toISOString(),
    })),
  );
}

/**
 * Queues the SLA check of the case's next due time, unless one is queued for it already; the
 * case remembers which (`sla_check_at`), so a check queued for an older due time finds itself
 * stale and does nothing.
 */
export async function scheduleSlaCheck(trx: TDb, row: TCasesTable, now: Date): Promise<void> {
  const due = nextDueAt(row);
  if (due === row.sla_check_at) return;
  await updateCaseRow(trx, row.organization_id, row.id, { sla_check_at: due });
  row.sla_check_at = due;
  if (due === null) return;
  await enqueueJob(trx, {
    kind: CASE_JOBS.sla,
    organizationId: row.organization_id,
    payload: { caseId: row.id, checkAt: due },
    runAt: new Date(due),
    now,
  });
}

/** Checks that the team is the organization's and the assignee one of its members. */
export async function assertAssignable(
  trx: TDb,
  orgId: string,
  teamId: string | null,
  assigneeId: string | null,
  fields = { team: 'body.teamId', assignee: 'body.assigneeId' },
): Promise<void> {
  if (teamId === null) {
    if (assigneeId !== null) {
      throw invalidField(
        fields.assignee,
        `user ${assigneeId} cannot be assigned: the case has no team`,
      );
    }
    return;
  }
  const team = await findTeam(trx, orgId, teamId);
  if (team === undefined) throw invalidField(fields.team, `team ${teamId} does not exist`);
  if (assigneeId !== null && !team.memberIds.includes(assigneeId)) {
    throw invalidField(
      fields.assignee,
      `user ${assigneeId} is not a member of the case's team "${team.name}"`,
    );
  }
}

/** Opens a case in the caller's transaction, with its first timeline entry and a case.created event. */
export async function openCase(trx: TDb, input: TOpenCaseInput): Promise<{ id: string }> {
  const orgId = input.organizationId;
  const teamId =
    input.teamId ??
    (input.touchpointId === null
      ? null
      : await findTouchpointOwnerTeam(trx, orgId, input.touchpointId));
  await assertAssignable(trx, orgId, teamId, input.assigneeId);
  const policy = await findSlaPolicy(trx, orgId, input.priority);
  const at = input.now.toISOString();
  const minutes = (m: number) => new Date(input.now.getTime() + m * 60_000).toISOString();
  const row: TCasesTable = {
    id: newId(),
    organization_id: orgId,
    number: await nextCaseNumber(trx, orgId),
    title: input.title,
    description: input.description,
    status: 'new',
    priority: input.priority,
    team_id: teamId,
    assignee_id: input.assigneeId,
    source_type: input.source.type,
    source_id: input.source.id,
    response_id: input.responseId,
    customer_id: input.customerId,
    touchpoint_id: input.touchpointId,
    rule_id: input.ruleId,
    root_cause_code_id: null,
    resolution_code_id: null,
    first_response_due_at: minutes(policy.firstResponseMinutes),
    resolution_due_at: minutes(policy.resolutionMinutes),
    first_responded_at: null,
    resolved_at: null,
    closed_at: null,
    paused_at: null,
    paused_ms: 0,
    first_response_breached_at: null,
    resolution_breached_at: null,
    escalated_at: null,
    sla_check_at: null,
    created_at: at,
    updated_at: at,
    version: 1,
  };
  await insertCaseRow(trx, row);
  await insertCaseActivityRow(trx, {
    id: newId(),
    organization_id: orgId,
    case_id: row.id,
    kind: 'created',
    actor_type: input.actor.type,
    actor_id: input.actor.id,
    body: '',
    data_json: JSON.stringify({
      source: input.source,
      priority: input.priority,
      teamId,
      assigneeId: input.assigneeId,
      ruleId: input.ruleId,
    }),
    created_at: at,
  });
  await scheduleSlaCheck(trx, row, input.now);
  const link = `/cases/${row.id}`;
  const subject = { type: 'case', id: row.id };
  if (teamId !== null) {
    await notify(trx, {
      organizationId: orgId,
      recipients: { teamIds: [teamId] },
      kind: 'case.created',
      title: `Case #${row.number} opened: ${row.title}`,
      body: input.description,
      link,
      subject,
      now: input.now,
    });
  }
  if (input.assigneeId !== null) {
    await notify(trx, {
      organizationId: orgId,
      recipients: { userIds: [input.assigneeId] },
      kind: 'case.assigned',
      title: `Case #${row.number} assigned to you: ${row.title}`,
      body: input.description,
      link,
      subject,
      now: input.now,
    });
  }
  await appendCaseEvents(trx, [{ type: 'case.created', row, change: null }], input.now);
  return { id: row.id };
}

/**
 * Appends one timeline entry (notes, status changes, messages, follow-ups, SLA events). The
 * first entry by a person that answers the case (not a reassignment) meets its first-response
 * target.
 */
export async function addCaseActivity(
  trx: TDb,
  input: TCaseActivityInput,
): Promise<{ id: string }> {
  const row = await findCaseRow(trx, input.organizationId, input.caseId);
  if (row === undefined) throw notFound('case', input.caseId);
  if (input.kind.length === 0 || input.kind.length > 64) {
    throw new AppError('validation_failed', 'a timeline entry needs a kind of 1 to 64 characters');
  }
  const id = input.id ?? newId();
  const at = input.now.toISOString();
  await insertCaseActivityRow(trx, {
    id,
    organization_id: input.organizationId,
    case_id: input.caseId,
    kind: input.kind,
    actor_type: input.actor.type,
    actor_id: input.actor.id,
    body: input.body,
    data_json: JSON.stringify(input.data),
    created_at: at,
  });
  if (
    input.actor.type === 'user' &&
    !NOT_A_RESPONSE.has(input.kind) &&
    row.first_responded_at === null
  ) {
    await updateCaseRow(trx, input.organizationId, input.caseId, {
      first_responded_at: at,
      updated_at: at,
    });
    row.first_responded_at = at;
    await scheduleSlaCheck(trx, row, input.now);
  }
  return { id };
}
