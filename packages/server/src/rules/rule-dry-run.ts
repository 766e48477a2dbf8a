/**
 * The dry run: what a rule that is not stored would have matched over the last N days. One
 * query reads the window's responses (or alerts); evaluation is in memory, with the comments'
 * stored analyses where there are some (the analyser is run only on the others).
 */
import type { TRuleDryRun, TRuleDryRunResult } from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TCommentAnalysis, TSentimentLabel } from '../text/comment-analysis.js';
import {
  buildAlertSubjects,
  buildResponseSubjects,
  needsOf,
  organizationAnalyzer,
  SurveyQuestionCache,
} from './rule-batch.js';
import { evaluateRule, type TRuleNames } from './rule-conditions.js';
import {
  findAlertsSince,
  findResponsesSince,
  findStoredAnalysesSince,
  findThemeNames,
} from './rule-sources.repository.js';
import { checkRule } from './rule-validation.js';

const EXAMPLES = 20;
/** Responses whose subjects are built at a time (the customer lookups take their ids). */
const CHUNK = 2000;
const DAY_MS = 86_400_000;
const COMMENT_KINDS = new Set(['sentiment', 'sentiment_score', 'theme', 'comment_words']);

type TExample = TRuleDryRunResult['examples'][number];

/** Stored analyses of the window, by response and question key. */
async function storedAnalyses(ctx: TServiceContext, from: string) {
  const byResponse = new Map<string, Map<string, TCommentAnalysis>>();
  const rows = await findStoredAnalysesSince(ctx.storage.db, ctx.actor.organizationId, from);
  for (const row of rows) {
    const of = byResponse.get(row.response_id) ?? new Map<string, TCommentAnalysis>();
    of.set(row.question_key, {
      score: Number(row.score),
      label: row.label as TSentimentLabel,
      language: row.language,
      english: Number(row.english) === 1,
      truncated: Number(row.truncated) === 1,
      themes: parseJsonColumn<string[]>(row.themes_json),
      phrases: [],
    });
    byResponse.set(row.response_id, of);
  }
  return byResponse;
}

export async function dryRunRule(
  ctx: TServiceContext,
  input: TRuleDryRun,
): Promise<TRuleDryRunResult> {
  const db = ctx.storage.db;
  const orgId = ctx.actor.organizationId;
  const rule = input.rule;
  await checkRule(db, orgId, rule, 'body.rule');
  const from = new Date(Date.now() - input.days * DAY_MS).toISOString();
  const examples: TExample[] = [];
  let evaluated = 0;
  let matched = 0;

  if (rule.trigger === 'alert') {
    const themeNames = await findThemeNames(db, orgId);
    const names: TRuleNames = { themeName: (id) => themeNames.get(id) ?? id };
    const built = await buildAlertSubjects(db, orgId, await findAlertsSince(db, orgId, from));
    for (const b of built) {
      evaluated++;
      const verdict = evaluateRule(rule, b.subject, names);
      if (!verdict.matched) continue;
      matched++;
      if (examples.length < EXAMPLES) {
        examples.push({
          subjectType: 'alert',
          subjectId: b.subject.id,
          at: b.at,
          touchpoint:
            b.facts.touchpointId === null
              ? null
              : { id: b.facts.touchpointId, name: b.facts.touchpointName ?? '' },
          reasons: verdict.reasons,
        });
      }
    }
    return { days: input.days, from, evaluated, matched, examples };
  }

  const rows = await findResponsesSince(db, orgId, from);
  const { analyze, names } = await organizationAnalyzer(db, orgId);
  const readsComments = rule.conditions.some((c) => COMMENT_KINDS.has(c.kind));
  const analysed = readsComments ? await storedAnalyses(ctx, from) : undefined;
  // The dry run takes no action, so it reads customers only for the conditions.
  const needs = needsOf([{ conditions: rule.conditions, actions: [] }]);
  const questions = new SurveyQuestionCache();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const built = await buildResponseSubjects(db, orgId, rows.slice(i, i + CHUNK), {
      questions,
      analyze,
      needs,
      ...(analysed !== undefined && { analysed }),
    });
    for (const b of built) {
      evaluated++;
      const verdict = evaluateRule(rule, b.subject, names);
      if (!verdict.matched) continue;
      matched++;
      if (examples.length < EXAMPLES) {
        examples.push({
          subjectType: 'response',
          subjectId: b.subject.id,
          at: b.subject.submittedAt,
          touchpoint:
            b.subject.touchpointId === null
              ? null
              : { id: b.subject.touchpointId, name: b.touchpointName ?? '' },
          reasons: verdict.reasons,
        });
      }
    }
  }
  return { days: input.days, from, evaluated, matched, examples };
}
