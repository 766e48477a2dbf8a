/**
 * The closed-loop report (`GET /api/reports/closed-loop`) over the cases opened in a period:
 * recovery and follow-up response rates with Wilson intervals, time to first response and to
 * resolution (median, 90th percentile, in wall-clock minutes), SLA compliance, breakdowns by root
 * cause, touchpoint and team, and the change in the customers' later NPS.
 *
 * The change in customer value is left out: the lifetime values of `equity/` are fitted on the
 * organization's revenue history as it is now, with no value kept per customer as it was before
 * a case, so there is no "before" to compare with.
 */
import {
  invalidField,
  quantile,
  wilsonInterval,
  type TClosedLoopReport,
  type TClosedLoopReportQuery,
  type TDurationSummary,
  type TReportBreakdownRow,
  type TReportShare,
  type TSurveyDefinition,
} from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import type { TDb } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import { findDefinitionJson } from './closed-loop.repository.js';
import {
  findCustomersResponses,
  findCustomersRevenue,
  findReportCases,
  findReportFollowUps,
} from './closed-loop-report.repository.js';
import { answerOf, isUnhappy, scoreQuestionOf } from './follow-up-scores.js';

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 90;
const OPEN = new Set(['new', 'open', 'pending']);

type TCaseRow = Awaited<ReturnType<typeof findReportCases>>[number];
type TFollowUpRow = Awaited<ReturnType<typeof findReportFollowUps>>[number];

/** A share with its Wilson 95% interval; nulls when nothing was counted. */
export function shareOf(count: number, n: number): TReportShare {
  if (n === 0) return { count, n, share: null, interval: null };
  return { count, n, share: count / n, interval: wilsonInterval(count, n, 0.95) };
}

function durationsOf(minutes: number[]): TDurationSummary {
  return {
    n: minutes.length,
    medianMinutes: quantile(minutes, 0.5),
    p90Minutes: quantile(minutes, 0.9),
  };
}

function minutesBetween(from: string, to: string | null): number | null {
  if (to === null) return null;
  return Math.max(0, (Date.parse(to) - Date.parse(from)) / 60_000);
}

/** Met, missed, or null while the target still runs. */
function targetOutcome(doneAt: string | null, dueAt: string, breachedAt: string | null) {
  if (breachedAt !== null) return false;
  if (doneAt === null) return null;
  return doneAt <= dueAt;
}

function breakdown(
  cases: TCaseRow[],
  followUps: TFollowUpRow[],
  keyOf: (c: TCaseRow) => { id: string | null; label: string | null },
  noneLabel: string,
): TReportBreakdownRow[] {
  const rows = new Map<string, TReportBreakdownRow>();
  const caseKey = new Map<string, string>();
  for (const c of cases) {
    const { id, label } = keyOf(c);
    const key = id ?? '';
    caseKey.set(c.id, key);
    const row = rows.get(key) ?? {
      id,
      label: label ?? noneLabel,
      cases: 0,
      open: 0,
      resolved: 0,
      followedUpDetractors: 0,
      recovered: 0,
    };
    row.cases += 1;
    if (OPEN.has(c.status)) row.open += 1;
    else row.resolved += 1;
    rows.set(key, row);
  }
  for (const f of followUps) {
    const row = f.case_id === null ? undefined : rows.get(caseKey.get(f.case_id) ?? '');
    if (row === undefined || f.status !== 'answered' || !isUnhappy(f.original_category)) continue;
    if (f.category === null) continue;
    row.followedUpDetractors += 1;
    if (Number(f.recovered) === 1) row.recovered += 1;
  }
  return [...rows.values()].sort((a, b) => b.cases - a.cases || a.label.localeCompare(b.label));
}

/** The NPS answer of a response, through its survey version's first NPS question. */
function npsReader(db: TDb) {
  const keys = new Map<string, Promise<string | null>>();
  return async (response: { survey_id: string; survey_version: number; values_json: string }) => {
    const id = `${response.survey_id}:${response.survey_version}`;
    let key = keys.get(id);
    if (key === undefined) {
      key = findDefinitionJson(db, response.survey_id, response.survey_version).then((json) =>
        json === undefined
          ? null
          : (scoreQuestionOf(parseJsonColumn<TSurveyDefinition>(json), 'nps')?.key ?? null),
      );
      keys.set(id, key);
    }
    const question = await key;
    if (question === null) return null;
    return answerOf(parseJsonColumn<Record<string, unknown>>(response.values_json), question);
  };
}

/**
 * Per customer (their first case of the period that came from a response with an NPS answer):
 * that answer, and their latest NPS answer submitted after the case was opened.
 */
async function laterNps(db: TDb, orgId: string, cases: TCaseRow[]) {
  const firstCase = new Map<string, TCaseRow>();
  for (const c of [...cases].sort((a, b) => a.created_at.localeCompare(b.created_at))) {
    if (c.customer_id !== null && c.response_id !== null && !firstCase.has(c.customer_id)) {
      firstCase.set(c.customer_id, c);
    }
  }
  const npsOf = npsReader(db);
  const responses = await findCustomersResponses(db, orgId, [...firstCase.keys()]);
  const before = new Map<string, number>();
  const after = new Map<string, number>();
  for (const r of responses) {
    const c = r.customer_id === null ? undefined : firstCase.get(r.customer_id);
    if (c === undefined || r.submitted_at === null) continue;
    const score = await npsOf(r);
    if (score === null) continue;
    if (r.id === c.response_id) before.set(c.id, score);
    else if (r.submitted_at > c.created_at) after.set(c.id, score);
  }
  const pairs = [...before].flatMap(([caseId, b]) => {
    const a = after.get(caseId);
    return a === undefined ? [] : [[b, a] as const];
  });
  if (pairs.length === 0) {
    return { customers: 0, meanBefore: null, meanAfter: null, change: null };
  }
  const meanBefore = pairs.reduce((s, [b]) => s + b, 0) / pairs.length;
  const meanAfter = pairs.reduce((s, [, a]) => s + a, 0) / pairs.length;
  return { customers: pairs.length, meanBefore, meanAfter, change: meanAfter - meanBefore };
}

/** The spending compared: up to 90 days each side of the case, at least 7 days after it. */
const VALUE_WINDOW_DAYS = 90;
const VALUE_MIN_DAYS_AFTER = 7;

/**
 * The change in what the period's customers spend: per customer, revenue per 30 days over the
 * 90 days before their first case of the period and over the days since (up to 90), averaged
 * over the customers whose case is at least 7 days old. Currency is not converted: the
 * organization's interactions are taken to share one.
 */
async function valueChange(db: TDb, orgId: string, cases: TCaseRow[], now: Date) {
  const window = VALUE_WINDOW_DAYS * DAY_MS;
  const opened = new Map<string, number>();
  for (const c of cases) {
    if (c.customer_id === null) continue;
    const at = Date.parse(c.created_at);
    if (now.getTime() - at < VALUE_MIN_DAYS_AFTER * DAY_MS) continue;
    const seen = opened.get(c.customer_id);
    if (seen === undefined || at < seen) opened.set(c.customer_id, at);
  }
  const empty = {
    customers: opened.size,
    windowDays: VALUE_WINDOW_DAYS,
    minDaysAfter: VALUE_MIN_DAYS_AFTER,
    meanBefore: null,
    meanAfter: null,
    change: null,
  };
  if (opened.size === 0) return empty;
  const first = Math.min(...opened.values());
  const rows = await findCustomersRevenue(
    db,
    orgId,
    [...opened.keys()],
    new Date(first - window).toISOString(),
    now.toISOString(),
  );
  const before = new Map<string, number>();
  const after = new Map<string, number>();
  for (const row of rows) {
    const at = opened.get(row.customer_id ?? '');
    if (at === undefined) continue;
    const t = Date.parse(row.occurred_at);
    const side = t < at ? (t >= at - window ? before : null) : t < at + window ? after : null;
    side?.set(row.customer_id ?? '', (side.get(row.customer_id ?? '') ?? 0) + Number(row.amount));
  }
  let sumBefore = 0;
  let sumAfter = 0;
  for (const [customer, at] of opened) {
    const daysAfter = Math.min(VALUE_WINDOW_DAYS, (now.getTime() - at) / DAY_MS);
    sumBefore += ((before.get(customer) ?? 0) * 30) / VALUE_WINDOW_DAYS;
    sumAfter += ((after.get(customer) ?? 0) * 30) / daysAfter;
  }
  const meanBefore = sumBefore / opened.size;
  const meanAfter = sumAfter / opened.size;
  return { ...empty, meanBefore, meanAfter, change: meanAfter - meanBefore };
}

export async function closedLoopReport(
  ctx: TServiceContext,
  query: TClosedLoopReportQuery,
): Promise<TClosedLoopReport> {
  const db = ctx.storage.db;
  const orgId = ctx.actor.organizationId;
  const to = query.to ?? new Date().toISOString().slice(0, 10);
  const from =
    query.from ?? new Date(Date.parse(to) - (DEFAULT_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  if (from > to) throw invalidField('query.from', `${from} is after to (${to})`);
  const filters = {
    organizationId: orgId,
    since: `${from}T00:00:00.000Z`,
    until: new Date(Date.parse(to) + DAY_MS).toISOString(),
    teamId: query.team,
    touchpointId: query.touchpoint,
  };
  const cases = await findReportCases(db, filters);
  const followUps = await findReportFollowUps(db, filters);

  const answered = followUps.filter((f) => f.status === 'answered');
  const judged = answered.filter((f) => isUnhappy(f.original_category) && f.category !== null);
  const recovered = judged.filter((f) => Number(f.recovered) === 1).length;

  const firstResponse: number[] = [];
  const resolution: number[] = [];
  const sla = { first: [0, 0], resolution: [0, 0] };
  for (const c of cases) {
    const fr = minutesBetween(c.created_at, c.first_responded_at);
    if (fr !== null) firstResponse.push(fr);
    const res = minutesBetween(c.created_at, c.resolved_at);
    if (res !== null) resolution.push(res);
    const frMet = targetOutcome(
      c.first_responded_at,
      c.first_response_due_at,
      c.first_response_breached_at,
    );
    if (frMet !== null)
      sla.first = [(sla.first[0] ?? 0) + (frMet ? 1 : 0), (sla.first[1] ?? 0) + 1];
    const resMet = targetOutcome(c.resolved_at, c.resolution_due_at, c.resolution_breached_at);
    if (resMet !== null) {
      sla.resolution = [(sla.resolution[0] ?? 0) + (resMet ? 1 : 0), (sla.resolution[1] ?? 0) + 1];
    }
  }
  const open = cases.filter((c) => OPEN.has(c.status)).length;
  return {
    from,
    to,
    cases: { total: cases.length, open, resolved: cases.length - open },
    recoveryRate: shareOf(recovered, judged.length),
    followUpResponseRate: shareOf(answered.length, followUps.length),
    timeToFirstResponse: durationsOf(firstResponse),
    timeToResolution: durationsOf(resolution),
    slaCompliance: {
      firstResponse: shareOf(sla.first[0] ?? 0, sla.first[1] ?? 0),
      resolution: shareOf(sla.resolution[0] ?? 0, sla.resolution[1] ?? 0),
    },
    byRootCause: breakdown(
      cases,
      followUps,
      (c) => ({ id: c.root_cause_code_id, label: c.root_cause_label }),
      'No root cause',
    ),
    byTouchpoint: breakdown(
      cases,
      followUps,
      (c) => ({ id: c.touchpoint_id, label: c.touchpoint_name }),
      'No touchpoint',
    ),
    byTeam: breakdown(cases, followUps, (c) => ({ id: c.team_id, label: c.team_name }), 'No team'),
    laterNps: await laterNps(db, orgId, cases),
    valueChange: await valueChange(db, orgId, cases, new Date()),
  };
}
