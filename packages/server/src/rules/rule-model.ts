/** A stored rule as the API and the evaluation see it. */
import type { TRule, TRuleAction, TRuleCondition } from '@touchstone/core';
import { parseJsonColumn } from '../storage/rows.js';
import type { TRulesTable } from '../storage/schema.js';

export function toRule(row: TRulesTable): TRule {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled === 1,
    enabledAt: row.enabled_at,
    trigger: row.trigger as TRule['trigger'],
    match: row.match as TRule['match'],
    conditions: parseJsonColumn<TRuleCondition[]>(row.conditions_json),
    actions: parseJsonColumn<TRuleAction[]>(row.actions_json),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
