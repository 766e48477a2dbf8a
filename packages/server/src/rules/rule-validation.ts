/**
 * Checks what a rule refers to before it is stored or dry-run: question keys of the
 * organization's surveys, themes, customer attributes, touchpoints, stages, surveys, teams and
 * members. Every problem is reported at once, each naming the field and the unknown thing.
 */
import {
  ACTION_TYPES_BY_TRIGGER,
  AppError,
  CONDITION_KINDS_BY_TRIGGER,
  type TFieldIssue,
  type TRuleAction,
  type TRuleCondition,
  type TRuleTrigger,
  type TSurveyDefinition,
} from '@touchstone/core';
import type { TDb } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import {
  findAllDefinitions,
  findCustomerAttributeKeys,
  findExistingIds,
  findMemberIds,
} from './rule-sources.repository.js';

/** The kind of value a question key holds: `numeric` keys can be compared with a number. */
type TKeyKind = 'numeric' | 'matrix' | 'other';

async function questionKeys(db: TDb, orgId: string): Promise<Map<string, TKeyKind>> {
  const keys = new Map<string, TKeyKind>();
  for (const row of await findAllDefinitions(db, orgId)) {
    const def = parseJsonColumn<TSurveyDefinition>(row.definition_json);
    for (const q of def.questions) {
      if (q.type === 'matrix') {
        keys.set(q.id, 'matrix');
        for (const item of q.items) keys.set(`${q.id}.${item.id}`, 'numeric');
      } else {
        const numeric = ['nps', 'csat', 'ces', 'rating', 'likert', 'number'].includes(q.type);
        if (!keys.has(q.id)) keys.set(q.id, numeric ? 'numeric' : 'other');
      }
    }
  }
  return keys;
}

function valueIssue(c: Extract<TRuleCondition, { kind: 'answer' | 'customer_attribute' }>) {
  const op = c.op;
  if (op === 'answered' || op === 'notAnswered' || op === 'present' || op === 'absent') {
    return c.value === undefined ? null : `${op} takes no value`;
  }
  if (c.value === undefined) return `${op} needs a value`;
  if (op === 'in') return Array.isArray(c.value) ? null : 'in needs a list of values';
  if (Array.isArray(c.value)) return `${op} compares with one value, not a list`;
  if (c.kind === 'answer' && ['lt', 'lte', 'gte', 'gt'].includes(op)) {
    return typeof c.value === 'number' ? null : `${op} compares with a number`;
  }
  return null;
}

/** The ids a rule refers to, by what they must be, with the field of each mention. */
function referencesOf(conditions: readonly TRuleCondition[], actions: readonly TRuleAction[]) {
  const refs: {
    table: 'themes' | 'touchpoints' | 'stages' | 'surveys' | 'teams' | 'users';
    id: string;
    field: string;
  }[] = [];
  conditions.forEach((c, i) => {
    const at = (name: string, j: number) => `conditions.${i}.${name}.${j}`;
    if (c.kind === 'theme')
      c.themeIds.forEach((id, j) => refs.push({ table: 'themes', id, field: at('themeIds', j) }));
    if (c.kind === 'touchpoint')
      c.touchpointIds.forEach((id, j) =>
        refs.push({ table: 'touchpoints', id, field: at('touchpointIds', j) }),
      );
    if (c.kind === 'stage')
      c.stageIds.forEach((id, j) => refs.push({ table: 'stages', id, field: at('stageIds', j) }));
    if (c.kind === 'survey')
      c.surveyIds.forEach((id, j) =>
        refs.push({ table: 'surveys', id, field: at('surveyIds', j) }),
      );
  });
  actions.forEach((a, i) => {
    if (a.type === 'open_case' && a.teamId !== null)
      refs.push({ table: 'teams', id: a.teamId, field: `actions.${i}.teamId` });
    if (a.type === 'notify') {
      a.teamIds.forEach((id, j) =>
        refs.push({ table: 'teams', id, field: `actions.${i}.teamIds.${j}` }),
      );
      a.userIds.forEach((id, j) =>
        refs.push({ table: 'users', id, field: `actions.${i}.userIds.${j}` }),
      );
    }
    if (a.type === 'follow_up')
      refs.push({ table: 'surveys', id: a.surveyId, field: `actions.${i}.surveyId` });
  });
  return refs;
}

const NAMES = {
  themes: 'theme',
  touchpoints: 'touchpoint',
  stages: 'journey stage',
  surveys: 'survey',
  teams: 'team',
  users: 'user',
} as const;

/**
 * Throws a 422 listing every unknown reference or misfit of the rule; `prefix` is where the
 * rule sits in the request body (`body` or `body.rule`).
 */
export async function checkRule(
  db: TDb,
  orgId: string,
  rule: {
    trigger: TRuleTrigger;
    conditions: readonly TRuleCondition[];
    actions: readonly TRuleAction[];
  },
  prefix: string,
): Promise<void> {
  const issues: TFieldIssue[] = [];
  const add = (field: string, message: string) =>
    issues.push({ field: `${prefix}.${field}`, message });
  const kinds = CONDITION_KINDS_BY_TRIGGER[rule.trigger];
  const types = ACTION_TYPES_BY_TRIGGER[rule.trigger];
  const needsKeys = rule.conditions.some((c) => c.kind === 'answer' || c.kind === 'item_below');
  const keys = needsKeys ? await questionKeys(db, orgId) : new Map<string, TKeyKind>();
  const needsAttributes = rule.conditions.some((c) => c.kind === 'customer_attribute');
  const attributes = needsAttributes ? await findCustomerAttributeKeys(db, orgId) : new Set();

  rule.conditions.forEach((c, i) => {
    if (!kinds.includes(c.kind)) {
      add(`conditions.${i}.kind`, `a ${rule.trigger} rule cannot test ${c.kind}`);
      return;
    }
    if (c.kind === 'answer' || c.kind === 'item_below') {
      const kind = keys.get(c.questionKey);
      if (kind === undefined) {
        add(`conditions.${i}.questionKey`, `no survey asks a question ${c.questionKey}`);
      } else if (c.kind === 'item_below' && kind === 'other') {
        add(`conditions.${i}.questionKey`, `${c.questionKey} is not a rating`);
      }
    }
    if (c.kind === 'customer_attribute' && !attributes.has(c.attributeKey)) {
      add(`conditions.${i}.attributeKey`, `no customer attribute ${c.attributeKey} is declared`);
    }
    if (c.kind === 'answer' || c.kind === 'customer_attribute') {
      const problem = valueIssue(c);
      if (problem !== null) add(`conditions.${i}.value`, problem);
    }
  });
  rule.actions.forEach((a, i) => {
    if (!types.includes(a.type))
      add(`actions.${i}.type`, `a ${rule.trigger} rule cannot ${a.type}`);
  });

  const refs = referencesOf(rule.conditions, rule.actions);
  for (const table of ['themes', 'touchpoints', 'stages', 'surveys', 'teams', 'users'] as const) {
    const wanted = refs.filter((r) => r.table === table);
    if (wanted.length === 0) continue;
    const ids = [...new Set(wanted.map((r) => r.id))];
    const found =
      table === 'users'
        ? await findMemberIds(db, orgId, ids)
        : await findExistingIds(db, table, orgId, ids);
    for (const ref of wanted) {
      if (!found.has(ref.id)) add(ref.field, `${NAMES[table]} ${ref.id} was not found`);
    }
  }
  const first = issues[0];
  if (first !== undefined) {
    throw new AppError('validation_failed', `${first.field}: ${first.message}`, issues);
  }
}
