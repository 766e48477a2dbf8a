/**
 * Rules as a durable subscriber of domain events: every completed response and every raised
 * alert is evaluated against the organization's enabled rules of its trigger. Imported responses
 * (`responses.imported`) are history and take no action here; an import that asks for actions
 * queues them as paced jobs instead (see `imported-response-rules.ts`). A match claims its
 * `rule_runs` row in the transaction of the actions' writes, so an event handed over again (or
 * after a crash) acts no more than once per rule and subject.
 */
import type { TRule } from '@touchstone/core';
import { newId } from '@touchstone/core';
import type { TResponseEventPayload } from '../events/domain-event.js';
import type { TEventSubscriber } from '../events/event-dispatcher.js';
import type { TStorage } from '../storage/database.js';
import type { TRulesTable } from '../storage/schema.js';
import { takeRuleActions, type TMatchFacts } from './rule-actions.js';
import {
  buildAlertSubjects,
  buildResponseSubjects,
  needsOf,
  analyzerFor,
  SurveyQuestionCache,
} from './rule-batch.js';
import { evaluateRule, type TRuleNames } from './rule-conditions.js';
import { toRule } from './rule-model.js';
import { findAlertFacts, findRuleResponses, findThemeNames } from './rule-sources.repository.js';
import type { TRuleSubject } from './rule-subject.js';
import { claimRuleRun, findEnabledRules, setRuleRunOutcomes } from './rules.repository.js';

export const RULE_SUBSCRIBER = 'rules';

/** Responses evaluated per transaction. */
const BATCH = 500;

interface TSubjectIds {
  responses: Set<string>;
  alerts: Set<string>;
}

function subjectsByOrganization(events: Parameters<TEventSubscriber['handle']>[0]) {
  const byOrg = new Map<string, TSubjectIds>();
  const of = (org: string) => {
    let ids = byOrg.get(org);
    if (ids === undefined) {
      ids = { responses: new Set(), alerts: new Set() };
      byOrg.set(org, ids);
    }
    return ids;
  };
  for (const event of events) {
    if (event.type === 'response.completed') {
      const payload = event.payload as unknown as TResponseEventPayload;
      of(event.organizationId).responses.add(payload.responseId);
    } else if (event.type === 'alert.raised') {
      of(event.organizationId).alerts.add(event.subjectId);
    }
  }
  return byOrg;
}

interface TMatch {
  rule: TRule;
  facts: TMatchFacts;
}

/** The subject's time: a rule acts on what arrived since it was switched on. */
function arrivedSince(rule: TRule, at: string): boolean {
  return rule.enabledAt !== null && at >= rule.enabledAt;
}

function matchesOf(
  rules: readonly TRule[],
  subject: TRuleSubject,
  at: string,
  facts: Omit<TMatchFacts, 'reasons'>,
  names: TRuleNames,
): TMatch[] {
  const out: TMatch[] = [];
  for (const rule of rules) {
    if (!arrivedSince(rule, at)) continue;
    const verdict = evaluateRule(rule, subject, names);
    if (verdict.matched) out.push({ rule, facts: { ...facts, reasons: verdict.reasons } });
  }
  return out;
}

/** Claims each match's run and takes its actions, all in one transaction. */
async function act(storage: TStorage, orgId: string, matches: readonly TMatch[]): Promise<void> {
  if (matches.length === 0) return;
  const now = new Date();
  await storage.db.transaction().execute(async (trx) => {
    for (const { rule, facts } of matches) {
      const runId = newId();
      const claimed = await claimRuleRun(trx, {
        id: runId,
        organization_id: orgId,
        rule_id: rule.id,
        subject_type: facts.subjectType,
        subject_id: facts.subjectId,
        reasons_json: JSON.stringify(facts.reasons),
        outcomes_json: '[]',
        created_at: now.toISOString(),
      });
      if (!claimed) continue;
      const outcomes = await takeRuleActions(trx, orgId, rule, facts, now);
      await setRuleRunOutcomes(trx, runId, JSON.stringify(outcomes));
    }
  });
}

/**
 * Evaluates the rules on the responses and takes the matches' actions, BATCH responses a
 * transaction. A response counts as arriving at its submission time, or at `arrivedAt` when
 * given (an import asked to act: its responses arrived when it stored them).
 */
export async function runResponseRules(
  storage: TStorage,
  orgId: string,
  ids: readonly string[],
  rules: readonly TRule[],
  questions: SurveyQuestionCache,
  arrivedAt?: string,
): Promise<void> {
  const needs = needsOf(rules);
  const { analyze, names } = await analyzerFor(storage.db, orgId, needs);
  for (let i = 0; i < ids.length; i += BATCH) {
    const rows = await findRuleResponses(storage.db, orgId, ids.slice(i, i + BATCH));
    const built = await buildResponseSubjects(storage.db, orgId, rows, {
      questions,
      analyze,
      needs,
    });
    const matches = built.flatMap((b) =>
      matchesOf(rules, b.subject, arrivedAt ?? b.subject.submittedAt, b.facts, names),
    );
    await act(storage, orgId, matches);
  }
}

async function runAlertRules(
  storage: TStorage,
  orgId: string,
  ids: readonly string[],
  rules: readonly TRule[],
): Promise<void> {
  const alerts = await findAlertFacts(storage.db, orgId, ids);
  const built = await buildAlertSubjects(storage.db, orgId, alerts);
  const themeNames = await findThemeNames(storage.db, orgId);
  const names: TRuleNames = { themeName: (id) => themeNames.get(id) ?? id };
  const matches = built.flatMap((b) => matchesOf(rules, b.subject, b.at, b.facts, names));
  await act(storage, orgId, matches);
}

/** Rules by the organization they belong to, in the order given. */
export function rulesByOrganization(rows: readonly TRulesTable[]): Map<string, TRule[]> {
  const byOrg = new Map<string, TRule[]>();
  for (const row of rows) {
    const list = byOrg.get(row.organization_id) ?? [];
    list.push(toRule(row));
    byOrg.set(row.organization_id, list);
  }
  return byOrg;
}

/** Evaluates the rules of every organization on the submitted responses and alerts of the events. */
export function ruleEventSubscriber(storage: TStorage): TEventSubscriber {
  const questions = new SurveyQuestionCache();
  return {
    name: RULE_SUBSCRIBER,
    durable: true,
    async handle(events) {
      const byOrg = subjectsByOrganization(events);
      if (byOrg.size === 0) return;
      const orgs = [...byOrg.keys()];
      // Read once per delivery: a change to a rule applies from the next batch on.
      const responseRules = rulesByOrganization(
        await findEnabledRules(storage.db, orgs, 'response'),
      );
      const alertRules = rulesByOrganization(await findEnabledRules(storage.db, orgs, 'alert'));
      for (const [orgId, ids] of byOrg) {
        const forResponses = responseRules.get(orgId) ?? [];
        if (forResponses.length > 0 && ids.responses.size > 0) {
          await runResponseRules(storage, orgId, [...ids.responses], forResponses, questions);
        }
        const forAlerts = alertRules.get(orgId) ?? [];
        if (forAlerts.length > 0 && ids.alerts.size > 0) {
          await runAlertRules(storage, orgId, [...ids.alerts], forAlerts);
        }
      }
    },
  };
}
