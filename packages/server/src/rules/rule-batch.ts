/**
 * Builds the subjects rules are evaluated on from rows read in bulk: a batch of responses (the
 * subscriber) or a window of them (the dry run) costs one query per table, whatever its size.
 * What no rule reads (customers, revenue) is not read.
 */
import type { TRule, TSurveyDefinition } from '@touchstone/core';
import { findCommentSettings } from '../comments/comment-settings.repository.js';
import { listThemeRows } from '../comments/themes.repository.js';
import type { TDb } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import { createCommentAnalyzer, maskPersonalData, type TCommentAnalysis } from '../text/index.js';
import type { TMatchFacts } from './rule-actions.js';
import type { TRuleNames } from './rule-conditions.js';
import type { findAlertFacts } from './rule-sources.repository.js';
import {
  findCustomerFacts,
  findSurveyNames,
  findTouchpointFacts,
  findVersionDefinitions,
  sumCustomerRevenue,
  type TRuleResponseRow,
} from './rule-sources.repository.js';
import {
  lazyComments,
  surveyQuestionsOf,
  type TAlertSubject,
  type TResponseSubject,
  type TSurveyQuestions,
} from './rule-subject.js';

/**
 * Survey versions never change once stored, so their parsed questions are kept for the life of
 * the process (one cache per subscriber or request, built by its owner).
 */
export class SurveyQuestionCache {
  private readonly byVersion = new Map<string, TSurveyQuestions>();

  async load(db: TDb, orgId: string, rows: readonly TRuleResponseRow[]) {
    const missing = rows
      .map((r) => ({ surveyId: r.survey_id, version: r.survey_version }))
      .filter((v) => !this.byVersion.has(`${v.surveyId}:${v.version}`));
    if (missing.length === 0) return;
    for (const [key, json] of await findVersionDefinitions(db, orgId, missing)) {
      if (!this.byVersion.has(key)) {
        this.byVersion.set(key, surveyQuestionsOf(parseJsonColumn<TSurveyDefinition>(json)));
      }
    }
  }

  of(surveyId: string, version: number): TSurveyQuestions | undefined {
    return this.byVersion.get(`${surveyId}:${version}`);
  }
}

/** The organization's comment analyser, as the comment subscriber builds it (themes, masking). */
export async function organizationAnalyzer(
  db: TDb,
  orgId: string,
): Promise<{ analyze: (text: string) => TCommentAnalysis; names: TRuleNames }> {
  const themes = await listThemeRows(db, orgId);
  const settings = await findCommentSettings(db, orgId);
  const analyzer = createCommentAnalyzer(
    themes.map((t) => ({
      id: t.id,
      name: t.name,
      keywords: parseJsonColumn<string[]>(t.keywords_json),
    })),
  );
  const mask = settings?.mask_personal_data === 1;
  const names = new Map(themes.map((t) => [t.id, t.name]));
  return {
    analyze: (text) => analyzer.analyze(mask ? maskPersonalData(text) : text),
    names: { themeName: (id) => names.get(id) ?? id },
  };
}

/** What the rules of a batch read beyond the response itself. */
export function needsOf(rules: readonly Pick<TRule, 'conditions' | 'actions'>[]) {
  const kinds = new Set(rules.flatMap((r) => r.conditions.map((c) => c.kind)));
  const actions = new Set(rules.flatMap((r) => r.actions.map((a) => a.type)));
  return {
    customers: kinds.has('customer_attribute') || kinds.has('customer_value') || actions.size > 0,
    revenue: kinds.has('customer_value'),
    comments: ['sentiment', 'sentiment_score', 'theme', 'comment_words'].some((k) =>
      kinds.has(k as TRule['conditions'][number]['kind']),
    ),
  };
}

/** No rule reads comments: nothing to load, and nothing may ask. */
const NO_ANALYSIS = {
  analyze: (): TCommentAnalysis => {
    throw new Error('no rule of this batch reads comments');
  },
  names: { themeName: (id: string) => id },
};

/** The analyser when the rules read comments; spares two queries a batch when they do not. */
export async function analyzerFor(
  db: TDb,
  orgId: string,
  needs: { comments: boolean },
): Promise<{ analyze: (text: string) => TCommentAnalysis; names: TRuleNames }> {
  return needs.comments ? organizationAnalyzer(db, orgId) : NO_ANALYSIS;
}

export interface TBuiltSubject {
  subject: TResponseSubject;
  facts: Omit<TMatchFacts, 'reasons'>;
  touchpointName: string | null;
}

/** The subjects of these responses (those whose survey version is gone are left out). */
export async function buildResponseSubjects(
  db: TDb,
  orgId: string,
  rows: readonly TRuleResponseRow[],
  options: {
    questions: SurveyQuestionCache;
    analyze: (text: string) => TCommentAnalysis;
    needs: { customers: boolean; revenue: boolean; comments: boolean };
    /** Stored analyses by response id and question key (the dry run). */
    analysed?: ReadonlyMap<string, ReadonlyMap<string, TCommentAnalysis>>;
  },
): Promise<TBuiltSubject[]> {
  await options.questions.load(db, orgId, rows);
  const touchpointIds = [...new Set(rows.flatMap((r) => r.touchpoint_id ?? []))];
  const touchpoints = new Map(
    (await findTouchpointFacts(db, orgId, touchpointIds)).map((t) => [t.id, t]),
  );
  const customerIds = [...new Set(rows.flatMap((r) => r.customer_id ?? []))];
  const customers = new Map(
    options.needs.customers
      ? (await findCustomerFacts(db, orgId, customerIds)).map((c) => [c.id, c])
      : [],
  );
  const surveyNames = await findSurveyNames(db, orgId, [...new Set(rows.map((r) => r.survey_id))]);
  const revenue = options.needs.revenue
    ? await sumCustomerRevenue(db, orgId, customerIds)
    : new Map<string, number>();
  const built: TBuiltSubject[] = [];
  for (const row of rows) {
    const questions = options.questions.of(row.survey_id, row.survey_version);
    if (questions === undefined) continue;
    const answers = parseJsonColumn<Record<string, unknown>>(row.answers_json);
    const touchpoint = row.touchpoint_id === null ? undefined : touchpoints.get(row.touchpoint_id);
    const customer = row.customer_id === null ? undefined : customers.get(row.customer_id);
    const nps = questions.npsKey === null ? undefined : answers[questions.npsKey];
    built.push({
      subject: {
        kind: 'response',
        id: row.id,
        surveyId: row.survey_id,
        submittedAt: row.submitted_at ?? '',
        touchpointId: row.touchpoint_id,
        stageId: touchpoint?.stage_id ?? null,
        channel: row.channel,
        answers,
        questions,
        customer:
          row.customer_id === null
            ? null
            : {
                id: row.customer_id,
                attributes: customer
                  ? parseJsonColumn<Record<string, unknown>>(customer.attributes_json)
                  : {},
                value: options.needs.revenue ? (revenue.get(row.customer_id) ?? 0) : null,
              },
        comments: lazyComments(answers, questions, options.analyze, options.analysed?.get(row.id)),
      },
      facts: {
        subjectType: 'response',
        subjectId: row.id,
        surveyId: row.survey_id,
        surveyName: surveyNames.get(row.survey_id) ?? null,
        touchpointId: row.touchpoint_id,
        touchpointName: touchpoint?.name ?? null,
        customerId: row.customer_id,
        customerName: customer?.name ?? null,
        nps: typeof nps === 'number' ? nps : null,
      },
      touchpointName: touchpoint?.name ?? null,
    });
  }
  return built;
}

/** The subjects of these alerts, with the time each was raised. */
export async function buildAlertSubjects(
  db: TDb,
  orgId: string,
  alerts: Awaited<ReturnType<typeof findAlertFacts>>,
): Promise<{ subject: TAlertSubject; facts: Omit<TMatchFacts, 'reasons'>; at: string }[]> {
  const touchpointIds = [...new Set(alerts.flatMap((a) => a.touchpoint_id ?? []))];
  const touchpoints = new Map(
    (await findTouchpointFacts(db, orgId, touchpointIds)).map((t) => [t.id, t]),
  );
  return alerts.map((alert) => {
    const touchpoint =
      alert.touchpoint_id === null ? undefined : touchpoints.get(alert.touchpoint_id);
    return {
      subject: {
        kind: 'alert',
        id: alert.id,
        metric: alert.metric,
        direction: alert.direction === 'up' ? 'up' : 'down',
        effectSize: Number(alert.effect_size),
        touchpointId: alert.touchpoint_id,
        stageId: touchpoint?.stage_id ?? null,
      },
      facts: {
        subjectType: 'alert',
        subjectId: alert.id,
        surveyId: null,
        surveyName: null,
        touchpointId: alert.touchpoint_id,
        touchpointName: touchpoint?.name ?? null,
        customerId: null,
        customerName: null,
        nps: null,
      },
      at: alert.created_at,
    };
  });
}
