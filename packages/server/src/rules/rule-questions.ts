/**
 * The question keys of the organization's surveys with their texts, for the rule editor's
 * pickers: the newest version of each survey that asks a key gives its text.
 */
import { localize, type TRuleQuestion, type TSurveyDefinition } from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { parseJsonColumn } from '../storage/rows.js';
import { findAllDefinitions, findSurveyNames } from './rule-sources.repository.js';

const NUMERIC = new Set(['nps', 'csat', 'ces', 'rating', 'likert', 'number']);

export async function listRuleQuestions(ctx: TServiceContext): Promise<{ items: TRuleQuestion[] }> {
  const db = ctx.storage.db;
  const orgId = ctx.actor.organizationId;
  const rows = (await findAllDefinitions(db, orgId)).sort((a, b) => b.version - a.version);
  const names = await findSurveyNames(db, orgId, [...new Set(rows.map((r) => r.survey_id))]);
  const byKey = new Map<string, TRuleQuestion>();
  const add = (surveyId: string, question: Omit<TRuleQuestion, 'surveys'>) => {
    const known = byKey.get(question.key) ?? { ...question, surveys: [] };
    if (!known.surveys.some((s) => s.id === surveyId)) {
      known.surveys.push({ id: surveyId, name: names.get(surveyId) ?? surveyId });
    }
    byKey.set(question.key, known);
  };
  for (const row of rows) {
    const def = parseJsonColumn<TSurveyDefinition>(row.definition_json);
    const text = (t: Record<string, string>) => localize(t, def.defaultLanguage, def);
    for (const q of def.questions) {
      const options =
        q.type === 'single_choice' || q.type === 'multiple_choice'
          ? q.options.map((o) => ({ id: o.id, label: text(o.label) }))
          : [];
      add(row.survey_id, {
        key: q.id,
        text: text(q.text),
        type: q.type,
        numeric: NUMERIC.has(q.type),
        options,
      });
      if (q.type !== 'matrix') continue;
      for (const item of q.items) {
        add(row.survey_id, {
          key: `${q.id}.${item.id}`,
          text: `${text(q.text)}: ${text(item.text)}`,
          type: 'matrix item',
          numeric: true,
          options: [],
        });
      }
    }
  }
  return { items: [...byKey.values()].sort((a, b) => a.text.localeCompare(b.text)) };
}
