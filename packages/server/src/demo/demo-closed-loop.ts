/**
 * The demo's closed loop, switched on: a rule opens a case for the owning team on every
 * detractor from now on, and the last weeks' detractors already have cases in every state, with
 * timelines written as they happened: new ones (those past their first-response target breach
 * when the server's SLA jobs run), open and pending ones, resolved ones with root causes and
 * resolutions, follow-up surveys and their outcomes, so the closed-loop report has real figures.
 */
import { newId, ZSurveyDefinition, ZTeamListQuery, type TCasePriority } from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { createCaseCode } from '../cases/case-settings.service.js';
import { slaOnStatusChange } from '../cases/case-update.service.js';
import { addCaseActivity, openCase } from '../cases/case-writes.js';
import { findCaseRow, updateCaseRow } from '../cases/cases.repository.js';
import { updateClosedLoopSettings } from '../closed-loop/closed-loop.service.js';
import { insertFollowUp } from '../closed-loop/closed-loop.repository.js';
import { recordFollowUpOutcome } from '../closed-loop/follow-up-events.js';
import { scoreCategory } from '../closed-loop/follow-up-scores.js';
import type { TResponseEventPayload } from '../events/domain-event.js';
import { submitResponse } from '../responses/responses.service.js';
import { createRule } from '../rules/rules.service.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TCaseFollowUpsTable, TCasesTable } from '../storage/schema.js';
import { createSurvey, updateSurvey } from '../surveys/surveys.service.js';
import { listTeams, updateTeam } from '../teams/teams.service.js';
import { findRecentAnswered, type TDemoDetractor } from './demo-closed-loop.repository.js';
import { SeededRandom } from './random.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How far back the demo's detractors got cases, and how many at most. */
const CASE_WINDOW_DAYS = 21;
const MAX_CASES = 48;
/** The teams the demo's agent works in; the demo owner leads them (escalations reach her). */
const AGENT_TEAMS = ['Lounges', 'Customer care'];

const ROOT_CAUSES = ['Product or menu change', 'Staffing', 'Process', 'IT system', 'Third party'];
const RESOLUTIONS = [
  'Apology',
  'Voucher or miles',
  'Refund',
  'Process fixed',
  'No action possible',
];

export interface TDemoClosedLoopCounts {
  rules: number;
  cases: number;
  followUps: number;
}

const FOLLOW_UP_DEFINITION = {
  defaultLanguage: 'en',
  languages: ['en'],
  title: { en: 'Did we put it right?' },
  thankYou: { en: 'Thank you for telling us.' },
  questions: [
    {
      id: 'nps',
      type: 'nps',
      required: true,
      text: { en: 'After what we did, how likely are you to recommend Aurora to a friend?' },
    },
    { id: 'comment', type: 'text', text: { en: 'Anything else we should know?' } },
  ],
};

function npsOf(response: TDemoDetractor): number | null {
  const value = parseJsonColumn<Record<string, unknown>>(response.values_json)['nps'];
  return typeof value === 'number' ? value : null;
}

function commentOf(response: TDemoDetractor): string {
  const answers = parseJsonColumn<Record<string, unknown>>(response.answers_json);
  const comment = answers['comment'];
  return typeof comment === 'string' ? comment : '';
}

/** The organization's teams by name, with the agent and owner in the agent's teams. */
async function staffTeams(ctx: TServiceContext, agentUserId: string, ownerUserId: string) {
  const teams = await listTeams(ctx, ZTeamListQuery.parse({ limit: 100 }));
  for (const team of teams.items) {
    if (!AGENT_TEAMS.includes(team.name)) continue;
    const memberIds = [...new Set([...team.memberIds, agentUserId, ownerUserId])];
    await updateTeam(ctx, team.id, { memberIds, leadUserId: ownerUserId });
  }
}

async function createCodes(ctx: TServiceContext) {
  const make = async (kind: 'root_cause' | 'resolution', labels: readonly string[]) => {
    const ids: string[] = [];
    for (const label of labels) ids.push((await createCaseCode(ctx, { kind, label })).id);
    return ids;
  };
  return {
    rootCauses: await make('root_cause', ROOT_CAUSES),
    resolutions: await make('resolution', RESOLUTIONS),
  };
}

async function createFollowUpSurvey(ctx: TServiceContext): Promise<string> {
  const survey = await createSurvey(ctx, {
    name: 'Did we put it right?',
    kind: 'transactional',
    touchpointIds: [],
    brandId: null,
    definition: ZSurveyDefinition.parse(FOLLOW_UP_DEFINITION),
  });
  await updateSurvey(ctx, survey.id, { status: 'live' });
  await updateClosedLoopSettings(ctx, { followUpSurveyId: survey.id });
  return survey.id;
}

/** How a demo case has gone so far, by its place among the others and its age. */
type TStory = 'new' | 'open' | 'pending' | 'resolved' | 'recovered' | 'lost' | 'closed';

function storyOf(index: number, ageMs: number): TStory {
  if (ageMs < 6 * HOUR) return index % 2 === 0 ? 'new' : 'open';
  const stories: TStory[] = [
    'new',
    'open',
    'pending',
    'recovered',
    'recovered',
    'resolved',
    'lost',
    'closed',
  ];
  return stories[index % stories.length] ?? 'new';
}

/**
 * Creates the rule, the taxonomy, the follow-up survey and the recent cases of the demo, at
 * `now` (the end of its history).
 */
export async function createDemoClosedLoop(
  ctx: TServiceContext,
  people: { agentUserId: string; ownerUserId: string },
  now: Date,
  seed: number,
): Promise<TDemoClosedLoopCounts> {
  const orgId = ctx.actor.organizationId;
  const db = ctx.storage.db;
  await staffTeams(ctx, people.agentUserId, people.ownerUserId);
  const codes = await createCodes(ctx);
  const followUpSurveyId = await createFollowUpSurvey(ctx);
  const rule = await createRule(ctx, {
    name: 'Every detractor becomes a case for the touchpoint team',
    enabled: true,
    trigger: 'response',
    match: 'all',
    conditions: [{ kind: 'nps', categories: ['detractor'] }],
    actions: [
      {
        type: 'open_case',
        priority: 'normal',
        teamId: null,
        title: 'Detractor at {{touchpoint}}: {{customer}}',
      },
    ],
  });

  const since = new Date(now.getTime() - CASE_WINDOW_DAYS * DAY).toISOString();
  const detractors = (await findRecentAnswered(db, orgId, since))
    .filter((r) => {
      const nps = npsOf(r);
      return nps !== null && nps <= 6;
    })
    .slice(0, MAX_CASES);
  const random = new SeededRandom(seed * 7919 + 17);
  const agent = { type: 'user' as const, id: people.agentUserId };
  let cases = 0;
  let followUps = 0;
  for (const [index, response] of detractors.entries()) {
    const openedAt = new Date(Date.parse(response.submitted_at) + 2 * MINUTE);
    const age = now.getTime() - openedAt.getTime();
    const story = storyOf(index, age);
    const priority: TCasePriority = index % 7 === 0 ? 'high' : 'normal';
    const comment = commentOf(response);
    const caseId = await db.transaction().execute(async (trx) => {
      const { id } = await openCase(trx, {
        organizationId: orgId,
        title: 'Detractor',
        description: comment,
        priority,
        source: { type: 'response', id: response.id },
        responseId: response.id,
        customerId: response.customer_id,
        touchpointId: response.touchpoint_id,
        teamId: null,
        assigneeId: null,
        ruleId: rule.id,
        actor: { type: 'rule', id: rule.id },
        now: openedAt,
      });
      return id;
    });
    cases++;
    if (story === 'new') continue;
    // What happened next, each step at its own time, never later than now.
    const step = (afterMs: number) =>
      new Date(Math.min(now.getTime() - MINUTE, openedAt.getTime() + afterMs));
    const respondedAt = step((20 + random.int(0, 160)) * MINUTE);
    await db.transaction().execute(async (trx) => {
      const row = (await findCaseRow(trx, orgId, caseId)) as TCasesTable;
      const opened = await moveCase(trx, row, 'open', respondedAt, {
        assignee_id: row.team_id !== null ? people.agentUserId : null,
        first_responded_at: respondedAt.toISOString(),
      });
      await addCaseActivity(trx, {
        organizationId: orgId,
        caseId,
        kind: 'note',
        actor: agent,
        body: 'Called the customer and apologised; looking into what happened.',
        data: {},
        now: respondedAt,
      });
      if (story === 'open') return;
      if (story === 'pending') {
        await moveCase(
          trx,
          opened,
          'pending',
          step(respondedAt.getTime() - openedAt.getTime() + HOUR),
          {},
        );
        return;
      }
      const resolvedAt = step((1 + random.int(0, 3)) * DAY);
      const cause = codes.rootCauses[random.int(0, codes.rootCauses.length - 1)] ?? null;
      const resolution = codes.resolutions[random.int(0, codes.resolutions.length - 1)] ?? null;
      const resolved = await moveCase(trx, opened, 'resolved', resolvedAt, {
        root_cause_code_id: cause,
        resolution_code_id: resolution,
      });
      if (story === 'closed')
        await moveCase(
          trx,
          resolved,
          'closed',
          step(resolvedAt.getTime() - openedAt.getTime() + DAY),
          {},
        );
    });
    if (story !== 'recovered' && story !== 'lost') continue;
    // The follow-up: sent after the resolution, answered by the customer a day later.
    const sentAt = step(5 * DAY);
    const answeredAt = new Date(Math.min(now.getTime() - MINUTE, sentAt.getTime() + DAY));
    const original = npsOf(response);
    const followUp: TCaseFollowUpsTable = {
      id: newId(),
      organization_id: orgId,
      case_id: caseId,
      customer_id: response.customer_id,
      survey_id: followUpSurveyId,
      campaign_id: null,
      invitation_id: null,
      original_response_id: response.id,
      metric: 'nps',
      original_score: original,
      original_category: original === null ? null : scoreCategory('nps', original),
      status: 'sent',
      response_id: null,
      score: null,
      category: null,
      recovered: null,
      sent_at: sentAt.toISOString(),
      answered_at: null,
      updated_at: sentAt.toISOString(),
    };
    await db.transaction().execute(async (trx) => {
      await insertFollowUp(trx, followUp);
      await addCaseActivity(trx, {
        organizationId: orgId,
        caseId,
        kind: 'follow_up_sent',
        actor: agent,
        body: 'Follow-up survey "Did we put it right?" sent to the customer',
        data: { followUpId: followUp.id, surveyId: followUpSurveyId, invitationId: null },
        now: sentAt,
      });
    });
    const score = story === 'recovered' ? 7 + random.int(0, 3) : random.int(2, 6);
    const answered = await submitResponse(
      ctx,
      ctx.services.responses,
      followUpSurveyId,
      {
        answers: { nps: score },
        hidden: {},
        customerExternalId: response.external_id,
        channel: 'email',
        submittedAt: answeredAt.toISOString(),
      },
      undefined,
    );
    const payload = {
      responseId: answered.response.id,
      surveyId: followUpSurveyId,
      surveyVersion: 1,
      submittedAt: answeredAt.toISOString(),
      values: [['nps', score]],
    } as unknown as TResponseEventPayload;
    await recordFollowUpOutcome(db, followUp, payload, answeredAt);
    followUps++;
  }
  return { rules: 1, cases, followUps };
}

/** Moves a case to a status at a time, with the SLA bookkeeping of the move and a timeline entry. */
async function moveCase(
  trx: Parameters<typeof updateCaseRow>[0],
  row: TCasesTable,
  to: 'open' | 'pending' | 'resolved' | 'closed',
  at: Date,
  more: Partial<TCasesTable>,
): Promise<TCasesTable> {
  const changes: Partial<TCasesTable> = {
    ...slaOnStatusChange(row, to, at),
    ...more,
    status: to,
    updated_at: at.toISOString(),
    version: Number(row.version) + 1,
  };
  await updateCaseRow(trx, row.organization_id, row.id, changes);
  await addCaseActivity(trx, {
    organizationId: row.organization_id,
    caseId: row.id,
    kind: 'status_changed',
    actor: { type: 'user', id: more.assignee_id ?? row.assignee_id },
    body: '',
    data: { from: row.status, to },
    now: at,
  });
  return { ...row, ...changes };
}
