/**
 * Turns complete responses into stored comment rows: which answers are comments (the answers to
 * the survey's open text questions), their analysis, masking and length cut. Pure.
 */
import type { TSurveyDefinition } from '@touchstone/core';
import type { TCommentAnalysesTable, TCommentThemesTable } from '../storage/schema.js';
import { MAX_COMMENT_LENGTH, type TCommentAnalysis } from '../text/comment-analysis.js';
import type { TCommentSource } from './comment-sources.repository.js';

/** What the rows need of the analyser and the organization's settings. */
export interface TCommentRowContext {
  analyze(text: string): TCommentAnalysis;
  /** Masks e-mail addresses and phone numbers; null when the organization does not mask. */
  mask: ((text: string) => string) | null;
  now: string;
}

/** Which questions of a survey version hold comments, and which holds the NPS answer. */
export interface TCommentQuestions {
  textKeys: string[];
  npsKey: string | null;
}

export function commentQuestionsOf(definition: TSurveyDefinition): TCommentQuestions {
  const textKeys: string[] = [];
  let npsKey: string | null = null;
  for (const q of definition.questions) {
    if (q.type === 'text') textKeys.push(q.id);
    else if (q.type === 'nps' && npsKey === null) npsKey = q.id;
  }
  return { textKeys, npsKey };
}

function npsAnswer(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10
    ? value
    : null;
}

/** The comment rows of one response (none when it has no non-empty text answer). */
export function commentRowsOf(
  source: TCommentSource,
  questions: TCommentQuestions,
  context: TCommentRowContext,
): { comments: TCommentAnalysesTable[]; themes: TCommentThemesTable[] } {
  const comments: TCommentAnalysesTable[] = [];
  const themes: TCommentThemesTable[] = [];
  if (questions.textKeys.length === 0) return { comments, themes };
  const answers = JSON.parse(source.answers_json) as Record<string, unknown>;
  const nps = questions.npsKey === null ? null : npsAnswer(answers[questions.npsKey]);
  for (const key of questions.textKeys) {
    const answer = answers[key];
    // Empty and non-text answers are not comments.
    if (typeof answer !== 'string' || answer.trim() === '') continue;
    const masked = context.mask === null ? answer : context.mask(answer);
    const analysis = context.analyze(masked);
    const text = masked.length > MAX_COMMENT_LENGTH ? masked.slice(0, MAX_COMMENT_LENGTH) : masked;
    const score = Number.isFinite(analysis.score) ? analysis.score : 0;
    comments.push({
      response_id: source.id,
      question_key: key,
      organization_id: source.organization_id,
      survey_id: source.survey_id,
      touchpoint_id: source.touchpoint_id,
      customer_id: source.customer_id,
      segment_key: source.segment_key,
      day: source.day,
      submitted_at: source.submitted_at ?? source.day,
      nps,
      text,
      score,
      label: analysis.label,
      language: analysis.language,
      english: analysis.english ? 1 : 0,
      truncated: analysis.truncated || masked.length > MAX_COMMENT_LENGTH ? 1 : 0,
      themes_json: JSON.stringify(analysis.themes),
      analyzed_at: context.now,
    });
    for (const themeId of new Set(analysis.themes)) {
      themes.push({
        organization_id: source.organization_id,
        theme_id: themeId,
        response_id: source.id,
        question_key: key,
        day: source.day,
        touchpoint_id: source.touchpoint_id,
        segment_key: source.segment_key,
        score,
        nps,
      });
    }
  }
  return { comments, themes };
}

/** A row's content without the time of analysis: equal keys mean nothing to write. */
export function commentContentKey(rows: readonly TCommentAnalysesTable[]): string {
  return JSON.stringify(
    [...rows]
      .sort((a, b) => (a.question_key < b.question_key ? -1 : 1))
      .map((r) => [
        r.question_key,
        r.survey_id,
        r.touchpoint_id,
        r.customer_id,
        r.segment_key,
        r.day,
        r.submitted_at,
        r.nps,
        r.text,
        r.score,
        r.label,
        r.language,
        Number(r.english),
        Number(r.truncated),
        r.themes_json,
      ]),
  );
}
