/**
 * Takes a matched rule's actions in the caller's transaction: opens a case, notifies people,
 * emits `rule.matched` for webhooks, tags the response, sends a follow-up survey. A refusal
 * the action explains (a customer who may not be e-mailed) is recorded as its outcome; any
 * other failure rolls the batch back, so the dispatcher hands its events over again.
 */
import {
  AppError,
  newId,
  type TRule,
  type TRuleAction,
  type TRuleActionOutcome,
} from '@touchstone/core';
import { openCase } from '../cases/case-writes.js';
import { sendFollowUpSurvey } from '../closed-loop/follow-up.js';
import { appendEventsIn } from '../events/events.repository.js';
import { notify } from '../notifications/notify.js';
import type { TDb } from '../storage/database.js';
import { insertResponseTags } from './rules.repository.js';

/** What actions know of the matched response or alert. */
export interface TMatchFacts {
  subjectType: 'response' | 'alert';
  subjectId: string;
  surveyId: string | null;
  surveyName: string | null;
  touchpointId: string | null;
  touchpointName: string | null;
  customerId: string | null;
  customerName: string | null;
  nps: number | null;
  reasons: readonly string[];
}

/** Fills a case title's placeholders; an unknown value reads as a dash. */
export function caseTitle(template: string, rule: Pick<TRule, 'name'>, facts: TMatchFacts) {
  const values: Record<string, string | null> = {
    rule: rule.name,
    touchpoint: facts.touchpointName,
    survey: facts.surveyName,
    customer: facts.customerName,
    nps: facts.nps === null ? null : String(facts.nps),
  };
  const title = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in values ? (values[name] ?? '-') : whole,
  );
  return title.slice(0, 200);
}

function describe(facts: TMatchFacts): string {
  return `Matched ${facts.subjectType} ${facts.subjectId}: ${facts.reasons.join('; ')}.`;
}

async function takeAction(
  trx: TDb,
  organizationId: string,
  rule: TRule,
  action: TRuleAction,
  facts: TMatchFacts,
  state: { caseId: string | null; now: Date },
): Promise<TRuleActionOutcome> {
  const done = (detail: string, caseId: string | null = null): TRuleActionOutcome => ({
    type: action.type,
    status: 'done',
    detail,
    caseId,
  });
  const skipped = (detail: string): TRuleActionOutcome => ({
    type: action.type,
    status: 'skipped',
    detail,
    caseId: null,
  });
  const isResponse = facts.subjectType === 'response';
  switch (action.type) {
    case 'open_case': {
      const opened = await openCase(trx, {
        organizationId,
        title: caseTitle(action.title, rule, facts),
        description: describe(facts),
        priority: action.priority,
        source: { type: facts.subjectType, id: facts.subjectId },
        responseId: isResponse ? facts.subjectId : null,
        customerId: facts.customerId,
        touchpointId: facts.touchpointId,
        teamId: action.teamId,
        assigneeId: null,
        ruleId: rule.id,
        actor: { type: 'rule', id: rule.id },
        now: state.now,
      });
      state.caseId ??= opened.id;
      return done(`case ${opened.id}`, opened.id);
    }
    case 'notify': {
      const count = await notify(trx, {
        organizationId,
        recipients: { userIds: action.userIds, teamIds: action.teamIds },
        kind: 'rule.matched',
        title: `Rule "${rule.name}" matched`,
        body: describe(facts),
        link: state.caseId === null ? `/rules/${rule.id}` : `/cases/${state.caseId}`,
        subject:
          state.caseId === null
            ? { type: facts.subjectType, id: facts.subjectId }
            : { type: 'case', id: state.caseId },
        now: state.now,
      });
      return count > 0 ? done(`${count} notified`) : skipped('nobody to notify');
    }
    case 'webhook': {
      const eventId = newId();
      await appendEventsIn(trx, [
        {
          id: eventId,
          organizationId,
          type: 'rule.matched',
          subjectId: rule.id,
          payloadJson: JSON.stringify({
            ruleId: rule.id,
            ruleName: rule.name,
            subjectType: facts.subjectType,
            subjectId: facts.subjectId,
            responseId: isResponse ? facts.subjectId : null,
            alertId: isResponse ? null : facts.subjectId,
            surveyId: facts.surveyId,
            touchpointId: facts.touchpointId,
            customerId: facts.customerId,
            caseId: state.caseId,
            reasons: facts.reasons,
          }),
          at: state.now.toISOString(),
        },
      ]);
      return done(`event ${eventId}`);
    }
    case 'tag': {
      if (!isResponse) return skipped('an alert has no response to tag');
      await insertResponseTags(
        trx,
        action.tags.map((tag) => ({
          organization_id: organizationId,
          response_id: facts.subjectId,
          tag,
          rule_id: rule.id,
          created_at: state.now.toISOString(),
        })),
      );
      return done(action.tags.join(', '));
    }
    case 'follow_up': {
      if (facts.customerId === null) return skipped('the response has no customer');
      const sent = await sendFollowUpSurvey(trx, {
        organizationId,
        customerId: facts.customerId,
        surveyId: action.surveyId,
        caseId: state.caseId,
        now: state.now,
      });
      return done(`follow-up ${sent.id}`);
    }
  }
}

/** Takes every action of the rule in order (cases first, so the others can name the case). */
export async function takeRuleActions(
  trx: TDb,
  organizationId: string,
  rule: TRule,
  facts: TMatchFacts,
  now: Date,
): Promise<TRuleActionOutcome[]> {
  const state = { caseId: null as string | null, now };
  const ordered = [
    ...rule.actions.filter((a) => a.type === 'open_case'),
    ...rule.actions.filter((a) => a.type !== 'open_case'),
  ];
  const outcomes: TRuleActionOutcome[] = [];
  for (const action of ordered) {
    try {
      outcomes.push(await takeAction(trx, organizationId, rule, action, facts, state));
    } catch (error) {
      // Checks that refuse (no consent, an archived team) throw before writing anything.
      if (!(error instanceof AppError)) throw error;
      outcomes.push({ type: action.type, status: 'failed', detail: error.message, caseId: null });
    }
  }
  return outcomes;
}
