/**
 * What a rule's conditions read: a completed response with what surrounds it (its survey
 * version's questions, touchpoint, customer, comments), or an alert. Built by the subscriber
 * and the dry run from rows they read in bulk; evaluated by `rule-conditions.ts`. Pure.
 */
import type { TQuestion, TSurveyDefinition } from '@touchstone/core';
import type { TCommentAnalysis } from '../text/comment-analysis.js';

/** The questions of one survey version by id, and which holds the NPS answer. */
export interface TSurveyQuestions {
  byId: ReadonlyMap<string, TQuestion>;
  npsKey: string | null;
  /** Ids of the open text questions: their answers are the response's comments. */
  textKeys: readonly string[];
}

export function surveyQuestionsOf(definition: TSurveyDefinition): TSurveyQuestions {
  const byId = new Map<string, TQuestion>();
  const textKeys: string[] = [];
  let npsKey: string | null = null;
  for (const q of definition.questions) {
    byId.set(q.id, q);
    if (q.type === 'text') textKeys.push(q.id);
    else if (q.type === 'nps' && npsKey === null) npsKey = q.id;
  }
  return { byId, npsKey, textKeys };
}

/** One comment of a response: its text as written and the analyser's view of it. */
export interface TSubjectComment {
  questionKey: string;
  text: string;
  analysis: TCommentAnalysis;
}

export interface TSubjectCustomer {
  id: string;
  attributes: Readonly<Record<string, unknown>>;
  /** The sum of the amounts of the customer's interactions; null when it was not read. */
  value: number | null;
}

export interface TResponseSubject {
  kind: 'response';
  id: string;
  surveyId: string;
  submittedAt: string;
  touchpointId: string | null;
  stageId: string | null;
  channel: string;
  answers: Readonly<Record<string, unknown>>;
  questions: TSurveyQuestions;
  customer: TSubjectCustomer | null;
  /** Analysed on first use: most rules never look at comments. */
  comments(): readonly TSubjectComment[];
}

export interface TAlertSubject {
  kind: 'alert';
  id: string;
  metric: string;
  direction: 'up' | 'down';
  effectSize: number;
  touchpointId: string | null;
  stageId: string | null;
}

export type TRuleSubject = TResponseSubject | TAlertSubject;

/**
 * The comments of a response, analysed once on first use. `analysed` gives stored analyses
 * where the caller has them (the dry run); the rest go through `analyze`.
 */
export function lazyComments(
  answers: Readonly<Record<string, unknown>>,
  questions: TSurveyQuestions,
  analyze: (text: string) => TCommentAnalysis,
  analysed?: ReadonlyMap<string, TCommentAnalysis>,
): () => readonly TSubjectComment[] {
  let comments: TSubjectComment[] | null = null;
  return () => {
    if (comments !== null) return comments;
    comments = [];
    for (const key of questions.textKeys) {
      const text = answers[key];
      if (typeof text !== 'string' || text.trim() === '') continue;
      comments.push({ questionKey: key, text, analysis: analysed?.get(key) ?? analyze(text) });
    }
    return comments;
  };
}
