import type { TRuleAction, TRuleCondition, TRuleTrigger } from '@touchstone/core';

type TScalar = string | number | boolean;

/** Names of the things a rule refers to, by id or key, for saying rules in words. */
export interface TRuleChoices {
  questions: {
    key: string;
    text: string;
    numeric: boolean;
    options: { id: string; label: string }[];
  }[];
  themes: { id: string; name: string }[];
  attributes: { key: string; label: string }[];
  touchpoints: { id: string; name: string }[];
  stages: { id: string; name: string }[];
  teams: { id: string; name: string }[];
  users: { id: string; name: string }[];
  surveys: { id: string; name: string }[];
}

export const CONDITION_LABELS: Record<TRuleCondition['kind'], string> = {
  nps: 'NPS category',
  answer: 'An answer',
  item_below: 'A rating below',
  sentiment: 'Comment sentiment',
  sentiment_score: 'Comment sentiment score',
  theme: 'Comment theme',
  comment_words: 'Words in a comment',
  customer_attribute: 'Customer attribute',
  customer_value: 'Customer value (revenue)',
  touchpoint: 'Touchpoint',
  stage: 'Journey stage',
  channel: 'Channel',
  survey: 'Survey',
  alert_metric: 'Alert metric',
  alert_direction: 'Alert direction',
  alert_effect: 'Alert size',
};

export const ACTION_LABELS: Record<TRuleAction['type'], string> = {
  open_case: 'Open a case',
  notify: 'Notify people',
  webhook: 'Send a webhook',
  tag: 'Tag the response',
  follow_up: 'Send a follow-up survey',
};

/** A new condition of a kind, with defaults a person would pick first. */
export function newCondition(kind: TRuleCondition['kind'], choices: TRuleChoices): TRuleCondition {
  const firstNumeric = choices.questions.find((q) => q.numeric)?.key ?? 'nps';
  switch (kind) {
    case 'nps':
      return { kind, categories: ['detractor'] };
    case 'answer':
      return { kind, questionKey: firstNumeric, op: 'lte', value: 2 };
    case 'item_below':
      return { kind, questionKey: firstNumeric, threshold: 3 };
    case 'sentiment':
      return { kind, labels: ['negative'] };
    case 'sentiment_score':
      return { kind, op: 'lt', value: -0.5 };
    case 'theme':
      return { kind, themeIds: choices.themes[0] ? [choices.themes[0].id] : [] };
    case 'comment_words':
      return { kind, words: ['refund'] };
    case 'customer_attribute':
      return { kind, attributeKey: choices.attributes[0]?.key ?? '', op: 'eq', value: '' };
    case 'customer_value':
      return { kind, op: 'gte', value: 1000 };
    case 'touchpoint':
      return { kind, touchpointIds: choices.touchpoints[0] ? [choices.touchpoints[0].id] : [] };
    case 'stage':
      return { kind, stageIds: choices.stages[0] ? [choices.stages[0].id] : [] };
    case 'channel':
      return { kind, channels: ['link'] };
    case 'survey':
      return { kind, surveyIds: choices.surveys[0] ? [choices.surveys[0].id] : [] };
    case 'alert_metric':
      return { kind, metrics: ['nps'] };
    case 'alert_direction':
      return { kind, direction: 'down' };
    case 'alert_effect':
      return { kind, minEffect: 0.2 };
  }
}

export function newAction(type: TRuleAction['type'], choices: TRuleChoices): TRuleAction {
  switch (type) {
    case 'open_case':
      return { type, priority: 'normal', teamId: null, title: '{{rule}}: {{touchpoint}}' };
    case 'notify':
      return { type, userIds: [], teamIds: choices.teams[0] ? [choices.teams[0].id] : [] };
    case 'webhook':
      return { type };
    case 'tag':
      return { type, tags: ['follow-up'] };
    case 'follow_up':
      return { type, surveyId: choices.surveys[0]?.id ?? '' };
  }
}

const OPS: Record<string, string> = {
  lt: 'is below',
  lte: 'is at most',
  eq: 'is',
  neq: 'is not',
  gte: 'is at least',
  gt: 'is above',
  in: 'is one of',
  answered: 'is answered',
  notAnswered: 'is not answered',
  present: 'is set',
  absent: 'is not set',
};

function nameOf(list: readonly { id: string; name: string }[], id: string): string {
  return list.find((x) => x.id === id)?.name ?? 'an unknown item';
}

function valueWords(value: TScalar | TScalar[] | undefined): string {
  return Array.isArray(value)
    ? value.map(String).join(', ')
    : value === undefined
      ? ''
      : String(value);
}

/** A condition in words: "NPS is detractor", "“Staff were friendly” is below 3". */
export function conditionWords(c: TRuleCondition, choices: TRuleChoices): string {
  const question = (key: string) => {
    const text = choices.questions.find((q) => q.key === key)?.text;
    return text === undefined ? key : `“${text}”`;
  };
  switch (c.kind) {
    case 'nps':
      return `the NPS answer is ${c.categories.join(' or ')}`;
    case 'answer':
      return `${question(c.questionKey)} ${OPS[c.op] ?? c.op} ${valueWords(c.value)}`.trim();
    case 'item_below':
      return `${question(c.questionKey)} is rated below ${c.threshold}`;
    case 'sentiment':
      return `a comment is ${c.labels.join(' or ')}`;
    case 'sentiment_score':
      return `a comment's sentiment ${OPS[c.op] ?? c.op} ${c.value}`;
    case 'theme':
      return `a comment mentions ${c.themeIds.map((id) => nameOf(choices.themes, id)).join(' or ')}`;
    case 'comment_words':
      return `a comment says ${c.words.map((w) => `“${w}”`).join(' or ')}`;
    case 'customer_attribute': {
      const label =
        choices.attributes.find((a) => a.key === c.attributeKey)?.label ?? c.attributeKey;
      return `the customer's ${label} ${OPS[c.op] ?? c.op} ${valueWords(c.value)}`.trim();
    }
    case 'customer_value':
      return `the customer's revenue ${OPS[c.op] ?? c.op} ${c.value}`;
    case 'touchpoint':
      return `at ${c.touchpointIds.map((id) => nameOf(choices.touchpoints, id)).join(' or ')}`;
    case 'stage':
      return `in the stage ${c.stageIds.map((id) => nameOf(choices.stages, id)).join(' or ')}`;
    case 'channel':
      return `through ${c.channels.join(' or ')}`;
    case 'survey':
      return `from ${c.surveyIds.map((id) => nameOf(choices.surveys, id)).join(' or ')}`;
    case 'alert_metric':
      return `the alert is about ${c.metrics.join(' or ')}`;
    case 'alert_direction':
      return `the change goes ${c.direction}`;
    case 'alert_effect':
      return `the change is at least ${c.minEffect} in size`;
  }
}

export function actionWords(a: TRuleAction, choices: TRuleChoices): string {
  switch (a.type) {
    case 'open_case':
      return `open a ${a.priority} case for ${a.teamId === null ? "the touchpoint's owners" : nameOf(choices.teams, a.teamId)}`;
    case 'notify':
      return `notify ${[
        ...a.teamIds.map((id) => nameOf(choices.teams, id)),
        ...a.userIds.map((id) => nameOf(choices.users, id)),
      ].join(', ')}`;
    case 'webhook':
      return 'send a webhook';
    case 'tag':
      return `tag the response ${a.tags.join(', ')}`;
    case 'follow_up':
      return `send the survey ${nameOf(choices.surveys, a.surveyId)}`;
  }
}

/** "When a response arrives and the NPS answer is detractor, open a case." */
export function ruleSentence(
  rule: {
    trigger: TRuleTrigger;
    match: 'all' | 'any';
    conditions: TRuleCondition[];
    actions: TRuleAction[];
  },
  choices: TRuleChoices,
): string {
  const when = rule.trigger === 'response' ? 'When a response arrives' : 'When an alert is raised';
  const joiner = rule.match === 'all' ? ' and ' : ' or ';
  const conditions = rule.conditions.map((c) => conditionWords(c, choices)).join(joiner);
  const actions = rule.actions.map((a) => actionWords(a, choices)).join(', then ');
  return `${when}${conditions === '' ? '' : ` where ${conditions}`}: ${actions}.`;
}
