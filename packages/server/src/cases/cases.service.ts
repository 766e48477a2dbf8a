/**
 * Reading cases and opening them by hand, scoped to what the reader may see: agents their teams'
 * cases only (another team's case is not found, so its existence is not revealed), every other
 * role all of them.
 */
import {
  AppError,
  CASE_TRANSITIONS,
  invalidField,
  notFound,
  type TCase,
  type TCaseActivity,
  type TCaseCreate,
  type TCaseDetail,
  type TCaseList,
  type TCaseListQuery,
  type TCaseNoteCreate,
} from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { parseJsonColumn } from '../storage/rows.js';
import {
  findCaseLinks,
  findCustomerAndTouchpoint,
  findResponseLinks,
  findTeamMemberNames,
  findUserTeamIds,
} from './case-links.repository.js';
import { addCaseActivity, openCase, type TCaseActor } from './case-writes.js';
import {
  countCases,
  findCase,
  findTouchpointOwnerTeam,
  listCaseActivityRows,
  listCaseRows,
  type TCaseFilters,
  type TCaseScope,
} from './cases.repository.js';

/** The cases the actor may see: agents their teams', everyone else all. */
export async function caseScopeOf(ctx: TServiceContext): Promise<TCaseScope> {
  if (ctx.actor.role !== 'agent') return { teamIds: null };
  const { userId, organizationId } = ctx.actor;
  return {
    teamIds: userId === null ? [] : await findUserTeamIds(ctx.storage.db, organizationId, userId),
  };
}

/** Whether a case of `teamId` is within the scope. */
export function inScope(scope: TCaseScope, teamId: string | null): boolean {
  return scope.teamIds === null || (teamId !== null && scope.teamIds.includes(teamId));
}

/** Who the timeline names for the actor: the person, or the integration's key as the system. */
export function caseActorOf(ctx: TServiceContext): TCaseActor {
  return ctx.actor.userId !== null
    ? { type: 'user', id: ctx.actor.userId }
    : { type: 'system', id: null };
}

function requireUser(ctx: TServiceContext, field: string): string {
  if (ctx.actor.userId === null) {
    throw invalidField(field, 'names the signed-in person, and an API key is not one');
  }
  return ctx.actor.userId;
}

/** A case the actor may see; not found otherwise. */
export async function getVisibleCase(ctx: TServiceContext, id: string): Promise<TCase> {
  const found = await findCase(ctx.storage.db, ctx.actor.organizationId, id);
  if (found === undefined || !inScope(await caseScopeOf(ctx), found.teamId)) {
    throw notFound('case', id);
  }
  return found;
}

export async function listCases(ctx: TServiceContext, query: TCaseListQuery): Promise<TCaseList> {
  const { db } = ctx.storage;
  const orgId = ctx.actor.organizationId;
  const scope = await caseScopeOf(ctx);
  const { view, assignee, limit, cursor, ...rest } = query;
  const filters: TCaseFilters = { ...rest };
  if (assignee === 'me') filters.assigneeId = requireUser(ctx, 'query.assignee');
  else if (assignee !== undefined) filters.assigneeId = assignee;
  if (view === 'mine') filters.assigneeId = requireUser(ctx, 'query.view');
  if (view === 'team') {
    filters.teamIds = await findUserTeamIds(db, orgId, requireUser(ctx, 'query.view'));
  }
  const page = await listCaseRows(db, orgId, scope, filters, { limit, cursor });
  const counts = await countCases(db, orgId, scope, filters);
  return { ...page, counts };
}

async function timelineOf(ctx: TServiceContext, caseId: string): Promise<TCaseActivity[]> {
  const rows = await listCaseActivityRows(ctx.storage.db, ctx.actor.organizationId, caseId);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    actor: {
      type: r.actor_type as TCaseActivity['actor']['type'],
      id: r.actor_id,
      name: r.actor_name,
    },
    body: r.body,
    data: parseJsonColumn<Record<string, unknown>>(r.data_json),
    createdAt: r.created_at,
  }));
}

/** A case with its timeline, its links and the statuses it may move to. */
export async function getCaseDetail(ctx: TServiceContext, id: string): Promise<TCaseDetail> {
  const found = await getVisibleCase(ctx, id);
  const scope = await caseScopeOf(ctx);
  const links = await findCaseLinks(
    ctx.storage.db,
    ctx.actor.organizationId,
    found.customerId,
    found.id,
    scope,
  );
  return {
    ...found,
    allowedTransitions: [...CASE_TRANSITIONS[found.status]],
    teamMembers:
      found.teamId === null
        ? []
        : await findTeamMemberNames(ctx.storage.db, ctx.actor.organizationId, found.teamId),
    timeline: await timelineOf(ctx, id),
    links,
  };
}

/**
 * Opens a case by hand. A response names its customer and touchpoint unless they are given;
 * the team defaults to the touchpoint's owner. An agent opens cases for their own teams only.
 */
export async function createCase(ctx: TServiceContext, input: TCaseCreate): Promise<TCaseDetail> {
  const orgId = ctx.actor.organizationId;
  const scope = await caseScopeOf(ctx);
  const id = await ctx.storage.db.transaction().execute(async (trx) => {
    let customerId = input.customerId ?? null;
    let touchpointId = input.touchpointId ?? null;
    const responseId = input.responseId ?? null;
    if (responseId !== null) {
      const response = await findResponseLinks(trx, orgId, responseId);
      if (response === undefined) {
        throw invalidField('body.responseId', `response ${responseId} does not exist`);
      }
      customerId ??= response.customer_id;
      touchpointId ??= response.touchpoint_id;
    }
    const exists = await findCustomerAndTouchpoint(trx, orgId, customerId, touchpointId);
    if (!exists.customer)
      throw invalidField('body.customerId', `customer ${customerId} does not exist`);
    if (!exists.touchpoint) {
      throw invalidField('body.touchpointId', `touchpoint ${touchpointId} does not exist`);
    }
    const teamId =
      input.teamId ??
      (touchpointId === null ? null : await findTouchpointOwnerTeam(trx, orgId, touchpointId));
    if (!inScope(scope, teamId)) {
      throw new AppError(
        'forbidden',
        teamId === null
          ? 'an agent opens cases for one of their teams: name the team'
          : `team ${teamId} is not one of yours`,
        [{ field: 'body.teamId', message: 'not one of your teams' }],
      );
    }
    const opened = await openCase(trx, {
      organizationId: orgId,
      title: input.title,
      description: input.description,
      priority: input.priority,
      source: { type: 'manual', id: null },
      responseId,
      customerId,
      touchpointId,
      teamId,
      assigneeId: input.assigneeId ?? null,
      ruleId: null,
      actor:
        ctx.actor.userId !== null
          ? { type: 'user', id: ctx.actor.userId }
          : { type: 'system', id: null },
      now: new Date(),
    });
    return opened.id;
  });
  return getCaseDetail(ctx, id);
}

/** Adds a note to the timeline of a case the actor may change. */
export async function addCaseNote(
  ctx: TServiceContext,
  id: string,
  input: TCaseNoteCreate,
): Promise<TCaseActivity> {
  await getVisibleCase(ctx, id);
  const orgId = ctx.actor.organizationId;
  const { id: activityId } = await ctx.storage.db.transaction().execute((trx) =>
    addCaseActivity(trx, {
      organizationId: orgId,
      caseId: id,
      kind: 'note',
      actor: caseActorOf(ctx),
      body: input.body,
      data: {},
      now: new Date(),
    }),
  );
  const timeline = await timelineOf(ctx, id);
  const added = timeline.find((a) => a.id === activityId);
  if (added === undefined) throw notFound('case activity', activityId);
  return added;
}
