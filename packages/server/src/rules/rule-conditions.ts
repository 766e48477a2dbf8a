/**
 * Evaluates a rule's conditions on a response or an alert, with the reason each condition held
 * in words. Pure: the subject carries everything the conditions read. Answer tests reuse the
 * survey engine's condition semantics (a missing answer fails every comparison).
 */
import {
  conditionValue,
  evaluateCondition,
  matrixItemValue,
  type TCondition,
  type TConditionValue,
  type TRuleCondition,
} from '@touchstone/core';
import type { TAlertSubject, TResponseSubject, TRuleSubject } from './rule-subject.js';

/** What evaluation needs besides the subject: names to explain matches with. */
export interface TRuleNames {
  themeName(id: string): string;
}

/** The part of a rule that decides whether it matches. */
export interface TRuleTest {
  match: 'all' | 'any';
  conditions: readonly TRuleCondition[];
}

export interface TRuleVerdict {
  matched: boolean;
  /** Why, one entry per condition that held (empty when nothing matched). */
  reasons: string[];
}

/** Reads a question key (`nps`, `exp.sense`) of a response as conditions see it. */
function answerOf(subject: TResponseSubject, key: string): TConditionValue {
  const dot = key.indexOf('.');
  const questionId = dot < 0 ? key : key.slice(0, dot);
  const question = subject.questions.byId.get(questionId);
  if (question === undefined) return { answered: false };
  const raw = subject.answers[questionId];
  if (dot < 0) return conditionValue(question, raw);
  return question.type === 'matrix'
    ? matrixItemValue(raw, key.slice(dot + 1))
    : { answered: false };
}

export function npsCategoryOf(score: number): 'detractor' | 'passive' | 'promoter' {
  if (score <= 6) return 'detractor';
  return score <= 8 ? 'passive' : 'promoter';
}

const OP_WORDS: Record<string, string> = {
  lt: '<',
  lte: '<=',
  eq: '=',
  neq: '!=',
  gte: '>=',
  gt: '>',
  in: 'in',
};

function compare(op: 'lt' | 'lte' | 'gte' | 'gt', a: number, b: number): boolean {
  switch (op) {
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    case 'gte':
      return a >= b;
    case 'gt':
      return a > b;
  }
}

function show(value: unknown): string {
  return Array.isArray(value) ? value.map(show).join(', ') : JSON.stringify(value);
}

/** The ratings below the threshold: one question or item, or every item of a matrix. */
function ratingsBelow(subject: TResponseSubject, key: string, threshold: number): string[] {
  const question = subject.questions.byId.get(key);
  const keys =
    question?.type === 'matrix' ? question.items.map((item) => `${key}.${item.id}`) : [key];
  const below: string[] = [];
  for (const itemKey of keys) {
    const a = answerOf(subject, itemKey);
    if (a.answered && typeof a.value === 'number' && a.value < threshold) {
      below.push(`${itemKey} = ${a.value}`);
    }
  }
  return below;
}

/** Whole words or phrases, any case: "late" is in "Late again", not in "chocolate". */
function wordPattern(word: string): RegExp {
  const escaped = word
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu');
}

function attributeHolds(
  op: Extract<TRuleCondition, { kind: 'customer_attribute' }>['op'],
  actual: unknown,
  wanted: unknown,
): boolean {
  const present = actual !== undefined && actual !== null && actual !== '';
  if (op === 'present') return present;
  if (op === 'absent') return !present;
  if (!present) return false;
  const list = Array.isArray(wanted) ? (wanted as unknown[]) : [wanted];
  switch (op) {
    case 'eq':
      return list.includes(actual);
    case 'in':
      return list.includes(actual);
    case 'neq':
      return !list.includes(actual);
    case 'lt':
    case 'lte':
    case 'gte':
    case 'gt':
      if (typeof actual === 'number' && typeof wanted === 'number') {
        return compare(op, actual, wanted);
      }
      // Dates are ISO text: their order is the order of the strings.
      if (typeof actual === 'string' && typeof wanted === 'string') {
        return compare(op, actual.localeCompare(wanted), 0);
      }
      return false;
  }
}

/** The reason a response condition holds, or null when it does not. */
function responseReason(c: TRuleCondition, s: TResponseSubject, names: TRuleNames): string | null {
  switch (c.kind) {
    case 'answer': {
      const leaf: TCondition = {
        ref: c.questionKey,
        op: c.op,
        ...(c.value !== undefined && { value: c.value }),
      };
      if (!evaluateCondition(leaf, (ref) => answerOf(s, ref))) return null;
      if (c.op === 'answered') return `${c.questionKey} is answered`;
      if (c.op === 'notAnswered') return `${c.questionKey} is not answered`;
      const a = answerOf(s, c.questionKey);
      const given = a.answered ? show(a.value) : '';
      return `${c.questionKey} = ${given} (${OP_WORDS[c.op] ?? c.op} ${show(c.value)})`;
    }
    case 'nps': {
      if (s.questions.npsKey === null) return null;
      const a = answerOf(s, s.questions.npsKey);
      if (!a.answered || typeof a.value !== 'number') return null;
      const category = npsCategoryOf(a.value);
      return c.categories.includes(category) ? `NPS ${a.value}: ${category}` : null;
    }
    case 'item_below': {
      const below = ratingsBelow(s, c.questionKey, c.threshold);
      return below.length > 0 ? `${below.join(', ')} (below ${c.threshold})` : null;
    }
    case 'sentiment': {
      const hit = s.comments().find((m) => c.labels.includes(m.analysis.label));
      return hit === undefined ? null : `comment ${hit.questionKey} is ${hit.analysis.label}`;
    }
    case 'sentiment_score': {
      const hit = s.comments().find((m) => compare(c.op, m.analysis.score, c.value));
      if (hit === undefined) return null;
      const score = hit.analysis.score.toFixed(2);
      return `comment ${hit.questionKey} sentiment ${score} (${OP_WORDS[c.op]} ${c.value})`;
    }
    case 'theme': {
      for (const m of s.comments()) {
        const theme = m.analysis.themes.find((t) => c.themeIds.includes(t));
        if (theme !== undefined)
          return `comment ${m.questionKey} mentions ${names.themeName(theme)}`;
      }
      return null;
    }
    case 'comment_words': {
      for (const m of s.comments()) {
        const word = c.words.find((w) => wordPattern(w).test(m.text));
        if (word !== undefined) return `comment ${m.questionKey} says "${word}"`;
      }
      return null;
    }
    case 'customer_attribute': {
      if (s.customer === null) return null;
      const actual = s.customer.attributes[c.attributeKey];
      if (!attributeHolds(c.op, actual, c.value)) return null;
      if (c.op === 'present' || c.op === 'absent') return `customer ${c.attributeKey} ${c.op}`;
      return `customer ${c.attributeKey} = ${show(actual)}`;
    }
    case 'customer_value': {
      const value = s.customer?.value;
      if (value === undefined || value === null || !compare(c.op, value, c.value)) return null;
      return `customer value ${value} (${OP_WORDS[c.op]} ${c.value})`;
    }
    case 'touchpoint':
      return s.touchpointId !== null && c.touchpointIds.includes(s.touchpointId)
        ? 'at the touchpoint'
        : null;
    case 'stage':
      return s.stageId !== null && c.stageIds.includes(s.stageId) ? 'in the journey stage' : null;
    case 'channel':
      return c.channels.includes(s.channel) ? `channel ${s.channel}` : null;
    case 'survey':
      return c.surveyIds.includes(s.surveyId) ? 'from the survey' : null;
    case 'alert_metric':
    case 'alert_direction':
    case 'alert_effect':
      return null;
  }
}

/** The reason an alert condition holds, or null when it does not. */
function alertReason(c: TRuleCondition, a: TAlertSubject): string | null {
  switch (c.kind) {
    case 'alert_metric':
      return c.metrics.includes(a.metric) ? `metric ${a.metric}` : null;
    case 'alert_direction':
      return a.direction === c.direction ? `change ${a.direction}` : null;
    case 'alert_effect':
      return Math.abs(a.effectSize) >= c.minEffect
        ? `effect ${a.effectSize.toFixed(2)} (at least ${c.minEffect})`
        : null;
    case 'touchpoint':
      return a.touchpointId !== null && c.touchpointIds.includes(a.touchpointId)
        ? 'at the touchpoint'
        : null;
    case 'stage':
      return a.stageId !== null && c.stageIds.includes(a.stageId) ? 'in the journey stage' : null;
    case 'answer':
    case 'nps':
    case 'item_below':
    case 'sentiment':
    case 'sentiment_score':
    case 'theme':
    case 'comment_words':
    case 'customer_attribute':
    case 'customer_value':
    case 'channel':
    case 'survey':
      return null;
  }
}

/** Comment tests run the analyser: they go last, so a cheap failing test spares them. */
const COSTLY: ReadonlySet<TRuleCondition['kind']> = new Set([
  'sentiment',
  'sentiment_score',
  'theme',
  'comment_words',
]);

/**
 * Whether the rule matches the subject. No conditions match every subject; `all` stops at the
 * first condition that fails, `any` collects the reasons of every condition that holds.
 */
export function evaluateRule(
  rule: TRuleTest,
  subject: TRuleSubject,
  names: TRuleNames,
): TRuleVerdict {
  if (rule.conditions.length === 0) return { matched: true, reasons: ['every ' + subject.kind] };
  const ordered = [
    ...rule.conditions.filter((c) => !COSTLY.has(c.kind)),
    ...rule.conditions.filter((c) => COSTLY.has(c.kind)),
  ];
  const reasons: string[] = [];
  for (const condition of ordered) {
    const reason =
      subject.kind === 'response'
        ? responseReason(condition, subject, names)
        : alertReason(condition, subject);
    if (reason === null) {
      if (rule.match === 'all') return { matched: false, reasons: [] };
      continue;
    }
    reasons.push(reason);
  }
  return reasons.length > 0 ? { matched: true, reasons } : { matched: false, reasons: [] };
}
