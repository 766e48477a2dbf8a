/**
 * Rules: create, read, change (switch on or off), delete; a rule's recent runs; the tags rules
 * put on a response. A rule is checked against the organization's data before it is stored, so
 * nothing refers to an unknown question, theme, attribute, team, user or survey.
 */
import {
  newId,
  notFound,
  type TRule,
  type TRuleActionOutcome,
  type TRuleCreate,
  type TRuleRun,
  type TRuleUpdate,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { nowIso, parseJsonColumn } from '../storage/rows.js';
import type { TRuleRunsTable, TRulesTable } from '../storage/schema.js';
import { toRule } from './rule-model.js';
import { responseExists } from './rule-sources.repository.js';
import { checkRule } from './rule-validation.js';
import {
  deleteRuleRow,
  findRule,
  insertRule,
  listResponseTags,
  listRuleRows,
  listRuleRunRows,
  updateRuleRow,
} from './rules.repository.js';

/** The rule of the actor's organization, or a 404. */
async function getRuleRow(ctx: TServiceContext, id: string): Promise<TRulesTable> {
  const row = await findRule(ctx.storage.db, ctx.actor.organizationId, id);
  if (row === undefined) throw notFound('rule', id);
  return row;
}

export async function listRules(
  ctx: TServiceContext,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ items: TRule[]; nextCursor: string | null }> {
  const { rows, nextCursor } = await listRuleRows(ctx.storage.db, ctx.actor.organizationId, query);
  return { items: rows.map(toRule), nextCursor };
}

export async function getRule(ctx: TServiceContext, id: string): Promise<TRule> {
  return toRule(await getRuleRow(ctx, id));
}

export async function createRule(ctx: TServiceContext, input: TRuleCreate): Promise<TRule> {
  const orgId = ctx.actor.organizationId;
  await checkRule(ctx.storage.db, orgId, input, 'body');
  const at = nowIso();
  const row: TRulesTable = {
    id: newId(),
    organization_id: orgId,
    name: input.name,
    enabled: input.enabled ? 1 : 0,
    enabled_at: input.enabled ? at : null,
    trigger: input.trigger,
    match: input.match,
    conditions_json: JSON.stringify(input.conditions),
    actions_json: JSON.stringify(input.actions),
    created_at: at,
    updated_at: at,
  };
  await ctx.storage.db.transaction().execute(async (trx) => {
    await insertRule(trx, row);
    await recordAudit(trx, ctx.actor, {
      action: 'create',
      entity: 'rule',
      entityId: row.id,
      details: { name: input.name, trigger: input.trigger, enabled: input.enabled },
    });
  });
  return toRule(row);
}

export async function updateRule(
  ctx: TServiceContext,
  id: string,
  input: TRuleUpdate,
): Promise<TRule> {
  const before = toRule(await getRuleRow(ctx, id));
  // An empty change answers the rule as it is, as every PATCH of the API does.
  if (Object.values(input).every((v) => v === undefined)) return before;
  const after = {
    trigger: input.trigger ?? before.trigger,
    conditions: input.conditions ?? before.conditions,
    actions: input.actions ?? before.actions,
  };
  await checkRule(ctx.storage.db, ctx.actor.organizationId, after, 'body');
  const at = nowIso();
  const switchedOn = input.enabled === true && !before.enabled;
  await ctx.storage.db.transaction().execute(async (trx) => {
    await updateRuleRow(trx, ctx.actor.organizationId, id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.enabled !== undefined && { enabled: input.enabled ? 1 : 0 }),
      ...(switchedOn && { enabled_at: at }),
      ...(input.trigger !== undefined && { trigger: input.trigger }),
      ...(input.match !== undefined && { match: input.match }),
      ...(input.conditions !== undefined && {
        conditions_json: JSON.stringify(input.conditions),
      }),
      ...(input.actions !== undefined && { actions_json: JSON.stringify(input.actions) }),
      updated_at: at,
    });
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'rule',
      entityId: id,
      details: { ...input },
    });
  });
  return getRule(ctx, id);
}

export async function deleteRule(ctx: TServiceContext, id: string): Promise<void> {
  await ctx.storage.db.transaction().execute(async (trx) => {
    if (!(await deleteRuleRow(trx, ctx.actor.organizationId, id))) throw notFound('rule', id);
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'rule', entityId: id });
  });
}

function toRuleRun(row: TRuleRunsTable): TRuleRun {
  return {
    id: row.id,
    ruleId: row.rule_id,
    subjectType: row.subject_type as TRuleRun['subjectType'],
    subjectId: row.subject_id,
    reasons: parseJsonColumn<string[]>(row.reasons_json),
    outcomes: parseJsonColumn<TRuleActionOutcome[]>(row.outcomes_json),
    at: row.created_at,
  };
}

/** The rule's matches, newest first, with what each action did. */
export async function listRuleRuns(
  ctx: TServiceContext,
  id: string,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ items: TRuleRun[]; nextCursor: string | null }> {
  await getRuleRow(ctx, id);
  const { rows, nextCursor } = await listRuleRunRows(
    ctx.storage.db,
    ctx.actor.organizationId,
    id,
    query,
  );
  return { items: rows.map(toRuleRun), nextCursor };
}

/** The tags rules put on a response (none for a response of another organization). */
export async function getResponseTags(
  ctx: TServiceContext,
  responseId: string,
): Promise<{ responseId: string; tags: string[] }> {
  if (!(await responseExists(ctx.storage.db, ctx.actor.organizationId, responseId))) {
    throw notFound('response', responseId);
  }
  const tags = await listResponseTags(ctx.storage.db, ctx.actor.organizationId, responseId);
  return { responseId, tags };
}
