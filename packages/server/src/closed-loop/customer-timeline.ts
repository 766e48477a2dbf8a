/**
 * `GET /api/customers/{id}/timeline`: everything that happened with one customer, newest first,
 * in one keyset-paged list: responses (with their NPS answer and comment sentiment),
 * interactions, cases, case timeline entries and follow-ups. Each kind's page after the cursor is
 * read by its own index and the pages are merged by (time, id); the cursor is the last entry's.
 */
import {
  notFound,
  type TCustomerTimeline,
  type TCustomerTimelineEntry,
  type TCustomerTimelineQuery,
  type TSurveyDefinition,
} from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { findCustomer } from '../customers/customers.repository.js';
import type { TDb } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import { findDefinitionJson } from './closed-loop.repository.js';
import {
  findResponseSentiments,
  pageCaseActivities,
  pageCases,
  pageFollowUps,
  pageInteractions,
  pageResponses,
  type TPageAt,
} from './customer-timeline.repository.js';
import { answerOf, scoreQuestionOf } from './follow-up-scores.js';

type TPart = (
  db: TDb,
  orgId: string,
  customerId: string,
  page: TPageAt,
) => Promise<{ entries: TCustomerTimelineEntry[]; more: boolean }>;

const ACTIVITY_TITLES: Record<string, string> = {
  note: 'Note',
  status_changed: 'Status changed',
  message: 'E-mail to the customer',
  follow_up_sent: 'Follow-up survey sent',
  follow_up_answered: 'Follow-up answered',
  sla_breached: 'SLA breached',
};

function entry(
  fields: Pick<TCustomerTimelineEntry, 'kind' | 'id' | 'at' | 'title'> &
    Partial<TCustomerTimelineEntry>,
): TCustomerTimelineEntry {
  return { detail: '', caseId: null, score: null, sentiment: null, ...fields };
}

const responses: TPart = async (db, orgId, customerId, page) => {
  const { rows, nextCursor } = await pageResponses(db, orgId, customerId, page);
  const sentiments = await findResponseSentiments(
    db,
    orgId,
    rows.map((r) => r.id),
  );
  const npsKeys = new Map<string, string | null>();
  const entries = [];
  for (const r of rows) {
    const version = `${r.survey_id}:${r.survey_version}`;
    if (!npsKeys.has(version)) {
      const json = await findDefinitionJson(db, r.survey_id, r.survey_version);
      const question =
        json === undefined
          ? null
          : scoreQuestionOf(parseJsonColumn<TSurveyDefinition>(json), 'nps');
      npsKeys.set(version, question?.key ?? null);
    }
    const key = npsKeys.get(version) ?? null;
    entries.push(
      entry({
        kind: 'response',
        id: r.id,
        at: r.submitted_at ?? '',
        title: `Answered ${r.survey_name ?? 'a survey'}`,
        detail: `by ${r.channel}`,
        score: key === null ? null : answerOf(parseJsonColumn(r.values_json), key),
        sentiment: sentiments.get(r.id) ?? null,
      }),
    );
  }
  return { entries, more: nextCursor !== null };
};

const interactions: TPart = async (db, orgId, customerId, page) => {
  const { rows, nextCursor } = await pageInteractions(db, orgId, customerId, page);
  const entries = rows.map((r) =>
    entry({
      kind: 'interaction',
      id: r.id,
      at: r.occurred_at,
      title: r.touchpoint_name === null ? r.type : `${r.type} at ${r.touchpoint_name}`,
      detail: r.amount === null ? '' : `${Number(r.amount)} ${r.currency ?? ''}`.trim(),
    }),
  );
  return { entries, more: nextCursor !== null };
};

const cases: TPart = async (db, orgId, customerId, page) => {
  const { rows, nextCursor } = await pageCases(db, orgId, customerId, page);
  const entries = rows.map((r) =>
    entry({
      kind: 'case',
      id: r.id,
      at: r.created_at,
      title: `Case #${Number(r.number)} opened: ${r.title}`,
      detail: r.status,
      caseId: r.id,
    }),
  );
  return { entries, more: nextCursor !== null };
};

const activities: TPart = async (db, orgId, customerId, page) => {
  const { rows, nextCursor } = await pageCaseActivities(db, orgId, customerId, page);
  const entries = rows.map((r) =>
    entry({
      kind: 'case_activity',
      id: r.id,
      at: r.created_at,
      title: `Case #${Number(r.case_number)}: ${ACTIVITY_TITLES[r.kind] ?? r.kind.replaceAll('_', ' ')}`,
      detail: r.body,
      caseId: r.case_id,
    }),
  );
  return { entries, more: nextCursor !== null };
};

const followUps: TPart = async (db, orgId, customerId, page) => {
  const { rows, nextCursor } = await pageFollowUps(db, orgId, customerId, page);
  const entries = rows.map((r) => {
    const outcome =
      r.status !== 'answered'
        ? 'not answered yet'
        : `answered ${r.score === null ? 'without a score' : Number(r.score)}${r.category === null ? '' : ` (${r.category})`}${Number(r.recovered) === 1 ? ', recovered' : ''}`;
    return entry({
      kind: 'follow_up',
      id: r.id,
      at: r.sent_at,
      title: `Follow-up survey: ${r.survey_name ?? 'survey'}`,
      detail: outcome,
      caseId: r.case_id,
      score: r.score === null ? null : Number(r.score),
    });
  });
  return { entries, more: nextCursor !== null };
};

const PARTS = {
  response: responses,
  interaction: interactions,
  case: cases,
  case_activity: activities,
  follow_up: followUps,
} as const;

/** (time, id) descending, compared as the databases compare text keys. */
function newestFirst(a: [string, string], b: [string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? 1 : -1;
  if (a[1] !== b[1]) return a[1] < b[1] ? 1 : -1;
  return 0;
}

function encodeCursor(e: TCustomerTimelineEntry): string {
  return Buffer.from(JSON.stringify([e.at, e.id])).toString('base64url');
}

export async function customerTimeline(
  ctx: TServiceContext,
  customerId: string,
  query: TCustomerTimelineQuery,
): Promise<TCustomerTimeline> {
  const db = ctx.storage.db;
  const orgId = ctx.actor.organizationId;
  if ((await findCustomer(db, orgId, customerId)) === undefined) {
    throw notFound('customer', customerId);
  }
  const parts = query.kind === undefined ? Object.values(PARTS) : [PARTS[query.kind]];
  const page = { cursor: query.cursor, limit: query.limit };
  const pages = [];
  for (const part of parts) pages.push(await part(db, orgId, customerId, page));
  const merged = pages
    .flatMap((p) => p.entries)
    .sort((a, b) => newestFirst([a.at, a.id], [b.at, b.id]));
  const items = merged.slice(0, query.limit);
  const more = merged.length > query.limit || pages.some((p) => p.more);
  const last = items[items.length - 1];
  return { items, nextCursor: more && last !== undefined ? encodeCursor(last) : null };
}
