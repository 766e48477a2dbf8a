/**
 * The rule suites' setup: on every database, an app that allows loopback webhook targets, the
 * lounge survey and a theme about the lounge staff in org A, and helpers that create rules,
 * submit responses and read what the rules did.
 */
import { expect } from 'vitest';
import type { TDomainEvent } from '../../src/events/domain-event.js';
import { findEventsAfter } from '../../src/events/events.repository.js';
import { RULE_SUBSCRIBER } from '../../src/rules/rule-events.js';
import type { TTestEnv } from '../harness.js';
import { describeEachDatabaseWith } from './fixture-suite.js';
import { createSurvey, loungeSurveyDefinition } from './survey-fixtures.js';

export interface TRuleView {
  id: string;
  enabled: boolean;
  enabledAt: string | null;
}

export interface TRunView {
  subjectId: string;
  reasons: string[];
  outcomes: { type: string; status: string; detail: string; caseId: string | null }[];
}

export interface TRulesFixture {
  env: TTestEnv;
  surveyId: string;
  themeId: string;
  createRule: (body: Record<string, unknown>) => Promise<TRuleView>;
  /** Submits answers to the lounge survey as admin; the response's id. */
  submit: (answers: Record<string, unknown>) => Promise<string>;
  /** Waits for the rules' events, then the webhooks' (which include the rule.matched events). */
  settle: () => Promise<void>;
  runs: (ruleId: string) => Promise<TRunView[]>;
  tagsOf: (responseId: string) => Promise<string[]>;
  casesOf: (
    responseId: string,
  ) => Promise<{ id: string; title: string; priority: string; rule_id: string | null }[]>;
  completedEventOf: (responseId: string) => Promise<TDomainEvent>;
}

/**
 * Declares a rule suite once per database (`title [sqlite]`, `title [postgres]`); the callback
 * reads its fixture through `setup()` inside tests.
 */
export function describeRules(title: string, suite: (setup: () => TRulesFixture) => void): void {
  describeEachDatabaseWith(
    title,
    async (e): Promise<TRulesFixture> => {
      const surveyId = (await createSurvey(e, { definition: loungeSurveyDefinition() })).id;
      const theme = await e.as('admin', {
        method: 'POST',
        url: '/api/themes',
        payload: { name: 'Lounge staff', keywords: ['staff', 'crew'] },
      });
      expect(theme.statusCode, theme.body).toBe(201);
      return {
        env: e,
        surveyId,
        themeId: theme.json<{ id: string }>().id,
        async createRule(body) {
          const res = await e.as('admin', { method: 'POST', url: '/api/rules', payload: body });
          expect(res.statusCode, res.body).toBe(201);
          return res.json<TRuleView>();
        },
        async submit(answers) {
          const res = await e.as('admin', {
            method: 'POST',
            url: `/api/surveys/${surveyId}/responses`,
            payload: { answers },
          });
          expect(res.statusCode, res.body).toBe(201);
          return res.json<{ id: string }>().id;
        },
        async settle() {
          expect(await e.services.events.settle([RULE_SUBSCRIBER], 30_000)).toBe(true);
          expect(await e.services.events.settle(['webhooks'], 30_000)).toBe(true);
        },
        async runs(ruleId) {
          const res = await e.as('analyst', { method: 'GET', url: `/api/rules/${ruleId}/runs` });
          expect(res.statusCode, res.body).toBe(200);
          return res.json<{ items: TRunView[] }>().items;
        },
        async tagsOf(responseId) {
          const res = await e.as('analyst', {
            method: 'GET',
            url: `/api/responses/${responseId}/tags`,
          });
          expect(res.statusCode, res.body).toBe(200);
          return res.json<{ tags: string[] }>().tags;
        },
        casesOf: (responseId) =>
          e.storage.db
            .selectFrom('cases')
            .select(['id', 'title', 'priority', 'rule_id'])
            .where('response_id', '=', responseId)
            .execute(),
        async completedEventOf(responseId) {
          const events = await findEventsAfter(e.storage.db, 0, 100_000);
          const event = events.find(
            (ev) => ev.type === 'response.completed' && ev.subjectId === responseId,
          );
          if (event === undefined) throw new Error(`no event for ${responseId}`);
          return event;
        },
      };
    },
    suite,
    { overrides: { webhookAllowPrivateTargets: 'loopback' } },
  );
}
