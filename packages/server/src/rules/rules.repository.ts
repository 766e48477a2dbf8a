/** SQL of rules, their runs and response tags. */
import type { TDb } from '../storage/database.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import type { TResponseTagsTable, TRuleRunsTable, TRulesTable } from '../storage/schema.js';

export async function insertRule(db: TDb, row: TRulesTable): Promise<void> {
  await db.insertInto('rules').values(row).execute();
}

/** The rule, when it belongs to the organization. */
export async function findRule(
  db: TDb,
  orgId: string,
  id: string,
): Promise<TRulesTable | undefined> {
  return db
    .selectFrom('rules')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A page of the organization's rules, newest first. */
export async function listRuleRows(
  db: TDb,
  orgId: string,
  query: { limit: number; cursor?: string | undefined },
) {
  const q = db.selectFrom('rules').selectAll().where('organization_id', '=', orgId);
  return fetchPage(q, {
    sort: parseSort('-createdAt', { createdAt: 'rules.created_at' }),
    idColumn: 'rules.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [row.created_at, row.id],
  });
}

export async function updateRuleRow(
  db: TDb,
  orgId: string,
  id: string,
  patch: Partial<
    Pick<TRulesTable, 'name' | 'enabled' | 'trigger' | 'match' | 'conditions_json' | 'actions_json'>
  > & { updated_at: string },
): Promise<void> {
  await db
    .updateTable('rules')
    .set(patch)
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Deletes the rule (its runs go with it); false when there was none. */
export async function deleteRuleRow(db: TDb, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('rules')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The enabled rules of these organizations with this trigger, oldest first. */
export async function findEnabledRules(
  db: TDb,
  orgIds: readonly string[],
  trigger: string,
): Promise<TRulesTable[]> {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('rules')
    .selectAll()
    .where('organization_id', 'in', [...orgIds])
    .where('trigger', '=', trigger)
    .where('enabled', '=', 1)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * Claims the run of a rule on a subject; false when it exists (the event was handed over
 * again, or another process got there first), and then the caller must not act.
 */
export async function claimRuleRun(db: TDb, row: TRuleRunsTable): Promise<boolean> {
  const inserted = await db
    .insertInto('rule_runs')
    .values(row)
    .onConflict((oc) => oc.columns(['rule_id', 'subject_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function setRuleRunOutcomes(db: TDb, id: string, outcomesJson: string) {
  await db
    .updateTable('rule_runs')
    .set({ outcomes_json: outcomesJson })
    .where('id', '=', id)
    .execute();
}

/** A page of a rule's runs, newest first. */
export async function listRuleRunRows(
  db: TDb,
  orgId: string,
  ruleId: string,
  query: { limit: number; cursor?: string | undefined },
) {
  const q = db
    .selectFrom('rule_runs')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('rule_id', '=', ruleId);
  return fetchPage(q, {
    sort: parseSort('-createdAt', { createdAt: 'rule_runs.created_at' }),
    idColumn: 'rule_runs.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [row.created_at, row.id],
  });
}

/** Adds tags to a response; a tag it has already is kept as it is. */
export async function insertResponseTags(db: TDb, rows: readonly TResponseTagsTable[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('response_tags')
    .values([...rows])
    .onConflict((oc) => oc.columns(['response_id', 'tag']).doNothing())
    .execute();
}

export async function listResponseTags(
  db: TDb,
  orgId: string,
  responseId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('response_tags')
    .select('tag')
    .where('organization_id', '=', orgId)
    .where('response_id', '=', responseId)
    .orderBy('tag')
    .execute();
  return rows.map((r) => r.tag);
}
