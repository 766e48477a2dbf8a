/**
 * What analyses need to know about each numeric key of each survey: its type, scale, reverse flag
 * and dimension tag, read from the survey definitions (newest version first) and cached per
 * organization against a cheap signature of the surveys table.
 */
import {
  localize,
  scaleOf,
  type TQuestionType,
  type TScaleRange,
  type TSurveyDefinition,
} from '@touchstone/core';
import type { TDb } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import { findSurveyDefinitions, findSurveySignature } from './model.repository.js';

/** One numeric key as one survey defines it. */
export interface TKeyInfo {
  key: string;
  surveyId: string;
  type: TQuestionType;
  /** Null for number questions, which have no scale. */
  scale: TScaleRange | null;
  reverse: boolean;
  dimension: string | null;
  label: string;
}

/** Numeric keys of an organization's surveys. */
export interface TQuestionCatalog {
  /** Key -> one entry per survey that asks it. */
  byKey: ReadonlyMap<string, readonly TKeyInfo[]>;
  /** Dimension tag -> every item tagged with it, in every survey. */
  byDimension: ReadonlyMap<string, readonly TKeyInfo[]>;
  surveyNames: ReadonlyMap<string, string>;
}

/** The numeric keys one definition produces, as `numericValues` would store them. */
function numericKeys(surveyId: string, def: TSurveyDefinition): TKeyInfo[] {
  const keys: TKeyInfo[] = [];
  const text = (t: Record<string, string>) => localize(t, def.defaultLanguage, def);
  for (const q of def.questions) {
    const scale = scaleOf(q);
    switch (q.type) {
      case 'nps':
      case 'csat':
      case 'ces':
      case 'number':
        keys.push({
          key: q.id,
          surveyId,
          type: q.type,
          scale,
          reverse: false,
          dimension: null,
          label: text(q.text),
        });
        break;
      case 'rating':
      case 'likert':
        keys.push({
          key: q.id,
          surveyId,
          type: q.type,
          scale,
          reverse: q.reverse,
          dimension: q.dimension ?? null,
          label: text(q.text),
        });
        break;
      case 'matrix':
        for (const item of q.items) {
          keys.push({
            key: `${q.id}.${item.id}`,
            surveyId,
            type: 'matrix',
            scale,
            reverse: item.reverse,
            dimension: item.dimension ?? null,
            label: `${text(q.text)}: ${text(item.text)}`,
          });
        }
        break;
      case 'single_choice':
      case 'multiple_choice':
      case 'text':
      case 'consent':
        break;
    }
  }
  return keys;
}

function buildCatalog(rows: Awaited<ReturnType<typeof findSurveyDefinitions>>): TQuestionCatalog {
  const byKey = new Map<string, TKeyInfo[]>();
  const byDimension = new Map<string, TKeyInfo[]>();
  const surveyNames = new Map<string, string>();
  const seen = new Set<string>();
  // Rows come newest version first per survey: the first definition of a key wins.
  for (const row of rows) {
    surveyNames.set(row.surveyId, row.surveyName);
    const def = parseJsonColumn<TSurveyDefinition>(row.definitionJson);
    for (const info of numericKeys(row.surveyId, def)) {
      const id = `${info.surveyId}\u0001${info.key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      byKey.set(info.key, [...(byKey.get(info.key) ?? []), info]);
      if (info.dimension !== null) {
        byDimension.set(info.dimension, [...(byDimension.get(info.dimension) ?? []), info]);
      }
    }
  }
  return { byKey, byDimension, surveyNames };
}

/** Each organization's catalog, rebuilt when a survey or version was added, changed or deleted. */
export class QuestionCatalogs {
  private readonly byOrg = new Map<string, { signature: string; catalog: TQuestionCatalog }>();

  /** The organization's catalog; `db` may be a transaction. */
  async of(db: TDb, orgId: string): Promise<TQuestionCatalog> {
    const signature = await findSurveySignature(db, orgId);
    const hit = this.byOrg.get(orgId);
    if (hit?.signature === signature) return hit.catalog;
    const catalog = buildCatalog(await findSurveyDefinitions(db, orgId));
    this.byOrg.set(orgId, { signature, catalog });
    return catalog;
  }
}
