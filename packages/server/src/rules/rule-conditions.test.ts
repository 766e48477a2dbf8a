import { ZSurveyDefinition, type TRuleCondition } from '@touchstone/core';
import { describe, expect, it } from 'vitest';
import { loungeSurveyDefinition } from '../../test/support/survey-fixtures.js';
import { createCommentAnalyzer } from '../text/index.js';
import { evaluateRule, npsCategoryOf } from './rule-conditions.js';
import {
  lazyComments,
  surveyQuestionsOf,
  type TAlertSubject,
  type TResponseSubject,
} from './rule-subject.js';

const questions = surveyQuestionsOf(ZSurveyDefinition.parse(loungeSurveyDefinition()));
const analyzer = createCommentAnalyzer([
  { id: 'theme-staff', name: 'Staff', keywords: ['staff', 'crew'] },
  { id: 'theme-food', name: 'Food', keywords: ['food', 'snack'] },
]);
const names = { themeName: (id: string) => (id === 'theme-staff' ? 'Staff' : id) };

function response(
  answers: Record<string, unknown>,
  extra: Partial<Omit<TResponseSubject, 'comments'>> = {},
): TResponseSubject & { analysed: () => number } {
  let calls = 0;
  const analyze = (text: string) => {
    calls++;
    return analyzer.analyze(text);
  };
  return {
    kind: 'response',
    id: 'r1',
    surveyId: 'survey-1',
    submittedAt: '2026-12-01T10:00:00.000Z',
    touchpointId: 'tp-lounge',
    stageId: 'stage-use',
    channel: 'link',
    answers,
    questions,
    customer: null,
    comments: lazyComments(answers, questions, analyze),
    analysed: () => calls,
    ...extra,
  };
}

function holds(condition: TRuleCondition, subject: TResponseSubject | TAlertSubject): boolean {
  return evaluateRule({ match: 'all', conditions: [condition] }, subject, names).matched;
}

describe('rule conditions over a response', () => {
  it('compares answers by question key, matrix items included', () => {
    const r = response({ nps: 3, csat: 2, exp: { sense: 1, feel: 4 }, visit: 'business' });
    expect(holds({ kind: 'answer', questionKey: 'csat', op: 'lt', value: 3 }, r)).toBe(true);
    expect(holds({ kind: 'answer', questionKey: 'csat', op: 'gte', value: 3 }, r)).toBe(false);
    expect(holds({ kind: 'answer', questionKey: 'csat', op: 'eq', value: 2 }, r)).toBe(true);
    expect(holds({ kind: 'answer', questionKey: 'exp.sense', op: 'lte', value: 1 }, r)).toBe(true);
    expect(holds({ kind: 'answer', questionKey: 'exp.feel', op: 'lt', value: 4 }, r)).toBe(false);
    const visit = { kind: 'answer', questionKey: 'visit', op: 'in' } as const;
    expect(holds({ ...visit, value: ['business', 'other'] }, r)).toBe(true);
    expect(holds({ ...visit, value: ['leisure'] }, r)).toBe(false);
    expect(holds({ kind: 'answer', questionKey: 'comment', op: 'notAnswered' }, r)).toBe(true);
    expect(holds({ kind: 'answer', questionKey: 'comment', op: 'answered' }, r)).toBe(false);
    // A question this survey does not ask is not answered: every comparison with it fails.
    expect(holds({ kind: 'answer', questionKey: 'ces', op: 'lt', value: 9 }, r)).toBe(false);
  });

  it('puts the NPS answer in its category: 0-6 detractor, 7-8 passive, 9-10 promoter', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsCategoryOf)).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
    const detractors: TRuleCondition = { kind: 'nps', categories: ['detractor'] };
    expect(holds(detractors, response({ nps: 6 }))).toBe(true);
    expect(holds(detractors, response({ nps: 7 }))).toBe(false);
    expect(holds({ kind: 'nps', categories: ['passive', 'promoter'] }, response({ nps: 9 }))).toBe(
      true,
    );
    expect(holds(detractors, response({}))).toBe(false);
  });

  it('finds an item below a threshold: one rating, one matrix item, or any item of a matrix', () => {
    const r = response({ nps: 8, csat: 2, exp: { sense: 5, feel: 2 } });
    expect(holds({ kind: 'item_below', questionKey: 'csat', threshold: 3 }, r)).toBe(true);
    expect(holds({ kind: 'item_below', questionKey: 'csat', threshold: 2 }, r)).toBe(false);
    expect(holds({ kind: 'item_below', questionKey: 'exp', threshold: 3 }, r)).toBe(true);
    expect(holds({ kind: 'item_below', questionKey: 'exp.sense', threshold: 3 }, r)).toBe(false);
    const verdict = evaluateRule(
      { match: 'all', conditions: [{ kind: 'item_below', questionKey: 'exp', threshold: 3 }] },
      r,
      names,
    );
    expect(verdict.reasons).toEqual(['exp.feel = 2 (below 3)']);
  });

  it('reads the sentiment, themes and words of the comments with the analyser', () => {
    const angry = response({ nps: 2, why: 'The staff were rude and the lounge was filthy.' });
    const happy = response({ nps: 10, comment: 'Wonderful service, thank you so much!' });
    const negative: TRuleCondition = { kind: 'sentiment', labels: ['negative'] };
    expect(holds(negative, angry)).toBe(true);
    expect(holds(negative, happy)).toBe(false);
    expect(holds({ kind: 'sentiment', labels: ['positive'] }, happy)).toBe(true);
    expect(holds({ kind: 'sentiment_score', op: 'lt', value: 0 }, angry)).toBe(true);
    expect(holds({ kind: 'sentiment_score', op: 'gt', value: 0 }, happy)).toBe(true);
    // The same analyser the comment subscriber stores with: the verdicts agree with it.
    expect(analyzer.analyze('The staff were rude and the lounge was filthy.').label).toBe(
      'negative',
    );

    const staff: TRuleCondition = { kind: 'theme', themeIds: ['theme-staff'] };
    expect(holds(staff, angry)).toBe(true);
    expect(holds(staff, happy)).toBe(false);
    const verdict = evaluateRule({ match: 'all', conditions: [staff] }, angry, names);
    expect(verdict.reasons).toEqual(['comment why mentions Staff']);

    const late: TRuleCondition = { kind: 'comment_words', words: ['late', 'cold coffee'] };
    expect(holds(late, response({ comment: 'Late again!' }))).toBe(true);
    expect(holds(late, response({ comment: 'The COLD   coffee was awful' }))).toBe(true);
    expect(holds(late, response({ comment: 'Loved the chocolate' }))).toBe(false);
    expect(holds(late, response({}))).toBe(false);
  });

  it('tests the customer: attributes and value', () => {
    const gold = response(
      { nps: 4 },
      { customer: { id: 'c1', attributes: { tier: 'gold', nights: 12 }, value: 2500 } },
    );
    const anonymous = response({ nps: 4 });
    const tier = { kind: 'customer_attribute', attributeKey: 'tier' } as const;
    expect(holds({ ...tier, op: 'eq', value: 'gold' }, gold)).toBe(true);
    expect(holds({ ...tier, op: 'eq', value: 'silver' }, gold)).toBe(false);
    expect(holds({ ...tier, op: 'in', value: ['silver', 'gold'] }, gold)).toBe(true);
    expect(holds({ ...tier, op: 'neq', value: 'gold' }, gold)).toBe(false);
    expect(holds({ ...tier, op: 'present' }, gold)).toBe(true);
    expect(holds({ ...tier, op: 'eq', value: 'gold' }, anonymous)).toBe(false);
    const nights = { kind: 'customer_attribute', attributeKey: 'nights' } as const;
    expect(holds({ ...nights, op: 'gte', value: 10 }, gold)).toBe(true);
    expect(holds({ ...nights, op: 'lt', value: 10 }, gold)).toBe(false);
    expect(holds({ kind: 'customer_attribute', attributeKey: 'x', op: 'absent' }, gold)).toBe(true);
    expect(holds({ kind: 'customer_value', op: 'gte', value: 1000 }, gold)).toBe(true);
    expect(holds({ kind: 'customer_value', op: 'lt', value: 1000 }, gold)).toBe(false);
    expect(holds({ kind: 'customer_value', op: 'lt', value: 1000 }, anonymous)).toBe(false);
  });

  it('tests the touchpoint, stage, channel and survey', () => {
    const r = response({ nps: 5 });
    expect(holds({ kind: 'touchpoint', touchpointIds: ['tp-lounge'] }, r)).toBe(true);
    expect(holds({ kind: 'touchpoint', touchpointIds: ['tp-gate'] }, r)).toBe(false);
    expect(holds({ kind: 'stage', stageIds: ['stage-use'] }, r)).toBe(true);
    expect(holds({ kind: 'channel', channels: ['widget', 'link'] }, r)).toBe(true);
    expect(holds({ kind: 'channel', channels: ['api'] }, r)).toBe(false);
    expect(holds({ kind: 'survey', surveyIds: ['survey-1'] }, r)).toBe(true);
    expect(holds({ kind: 'survey', surveyIds: ['survey-2'] }, r)).toBe(false);
  });

  it('combines with all or any; no conditions match every response', () => {
    const r = response({ nps: 3, csat: 4 });
    const detractor: TRuleCondition = { kind: 'nps', categories: ['detractor'] };
    const lowCsat = { kind: 'answer', questionKey: 'csat', op: 'lt', value: 3 } as const;
    expect(evaluateRule({ match: 'all', conditions: [detractor, lowCsat] }, r, names)).toEqual({
      matched: false,
      reasons: [],
    });
    expect(evaluateRule({ match: 'any', conditions: [detractor, lowCsat] }, r, names)).toEqual({
      matched: true,
      reasons: ['NPS 3: detractor'],
    });
    expect(evaluateRule({ match: 'any', conditions: [lowCsat] }, r, names).matched).toBe(false);
    expect(evaluateRule({ match: 'all', conditions: [] }, r, names).matched).toBe(true);
  });

  it('does not analyse comments when a cheaper condition already failed', () => {
    const r = response({ nps: 10, comment: 'The staff were rude.' });
    const verdict = evaluateRule(
      {
        match: 'all',
        conditions: [
          { kind: 'sentiment', labels: ['negative'] },
          { kind: 'nps', categories: ['detractor'] },
        ],
      },
      r,
      names,
    );
    expect(verdict.matched).toBe(false);
    expect(r.analysed()).toBe(0);
  });
});

describe('rule conditions over an alert', () => {
  const alert: TAlertSubject = {
    kind: 'alert',
    id: 'a1',
    metric: 'nps',
    direction: 'down',
    effectSize: -12.5,
    touchpointId: 'tp-lounge',
    stageId: 'stage-use',
  };

  it('tests metric, direction, touchpoint and the size of the change', () => {
    expect(holds({ kind: 'alert_metric', metrics: ['nps', 'csat'] }, alert)).toBe(true);
    expect(holds({ kind: 'alert_metric', metrics: ['ces'] }, alert)).toBe(false);
    expect(holds({ kind: 'alert_direction', direction: 'down' }, alert)).toBe(true);
    expect(holds({ kind: 'alert_direction', direction: 'up' }, alert)).toBe(false);
    expect(holds({ kind: 'alert_effect', minEffect: 10 }, alert)).toBe(true);
    expect(holds({ kind: 'alert_effect', minEffect: 15 }, alert)).toBe(false);
    expect(holds({ kind: 'touchpoint', touchpointIds: ['tp-lounge'] }, alert)).toBe(true);
    expect(holds({ kind: 'stage', stageIds: ['stage-other'] }, alert)).toBe(false);
    // A response condition says nothing about an alert.
    expect(holds({ kind: 'nps', categories: ['detractor'] }, alert)).toBe(false);
  });
});
