/**
 * Test support of the ingest contract suite (`src/ingest/ingest.case.test.ts`): one test
 * environment per engine of the write path (SQLite file, SQLite in memory, PostgreSQL when
 * TOUCHSTONE_TEST_PG_URL is set), fresh organizations to write into, responses and interaction
 * rows as the writers take them, and the outbox read back by transaction.
 */
import { newId, type TEventType } from '@touchstone/core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { TDomainEvent } from '../../src/events/domain-event.js';
import type { TReadyInteraction } from '../../src/imports/interaction-rows.js';
import type { TIngestEngine } from '../../src/ingest/engine.js';
import type { TStoredResponse, TStoredValue } from '../../src/ingest/stored-response.js';
import { openStorage, type TStorage } from '../../src/storage/database.js';
import {
  TEST_DATABASES,
  createTestEnv,
  seedOrganization,
  type TTestDatabase,
  type TTestEnv,
  type TTestOrg,
} from '../harness.js';
import { createSurvey, npsOnlyDefinition, npsResponse } from './survey-fixtures.js';
import { seedTouchpoints } from './touchpoint-fixtures.js';

type TEngineKind = TIngestEngine['kind'];

/** An in-memory SQLite database: one connection, so no writer thread (the engine writes inline). */
const SQLITE_MEMORY: TTestDatabase = {
  dialect: 'sqlite',
  async open() {
    const storage = await openStorage(':memory:');
    return { ...storage, drop: () => storage.close() };
  },
};

/** Every engine's database: the harness's SQLite file and PostgreSQL, and SQLite in memory. */
export const INGEST_ENGINE_DATABASES: { kind: TEngineKind; database: TTestDatabase }[] = [
  ...TEST_DATABASES.map((database) => ({
    kind: database.dialect === 'postgres' ? ('postgres' as const) : ('sqlite-file' as const),
    database,
  })),
  { kind: 'sqlite-memory', database: SQLITE_MEMORY },
];

/** Declares the same suite once per engine (`title [sqlite-file]`, ...), as `describeEachDatabase`. */
export function describeEachEngine(
  title: string,
  suite: (env: () => TTestEnv, kind: TEngineKind) => void,
): void {
  for (const { kind, database } of INGEST_ENGINE_DATABASES) {
    describe(`${title} [${kind}]`, () => {
      let current: (TTestEnv & { close(): Promise<void> }) | undefined;
      beforeAll(async () => {
        current = await createTestEnv(database);
      });
      afterAll(async () => {
        await current?.close();
      });
      suite(() => {
        if (!current) throw new Error('test environment not ready');
        return current;
      }, kind);
    });
  }
}

/** An organization of its own for one test: two live surveys and three touchpoints. */
export interface TCaseOrganization {
  org: TTestOrg;
  surveyId: string;
  /** A survey only rows that must be refused write to: it never has a rollup cell. */
  refusedSurveyId: string;
  touchpointIds: string[];
}

let organizations = 0;

export async function caseOrganization(env: TTestEnv): Promise<TCaseOrganization> {
  const org = await seedOrganization(env.storage, `ingest-case-${++organizations}`);
  const definition = npsOnlyDefinition();
  const surveyId = (await createSurvey(env, { definition }, { org })).id;
  const refusedSurveyId = (await createSurvey(env, { definition }, { org })).id;
  const touchpoints = await seedTouchpoints(env.storage, org.id, ['gate', 'lounge', 'seat']);
  return { org, surveyId, refusedSurveyId, touchpointIds: Object.values(touchpoints) };
}

/** The numeric answers of a response: NPS always, the others when not null. */
export interface TAnswerPlan {
  nps: number;
  csat: number | null;
  sense: number | null;
  feel: number | null;
}

function storedValue(
  questionKey: string,
  value: number,
  type: TStoredValue['type'],
  scale: [number, number],
): TStoredValue {
  const dimension = questionKey.startsWith('exp.') ? `sem:${questionKey.slice(4)}` : null;
  const [scaleMin, scaleMax] = scale;
  return { questionKey, value, type, dimension, reverse: false, scaleMin, scaleMax };
}

function valuesOf(plan: TAnswerPlan): TStoredValue[] {
  const values = [storedValue('nps', plan.nps, 'nps', [0, 10])];
  if (plan.csat !== null) values.push(storedValue('csat', plan.csat, 'csat', [1, 5]));
  if (plan.sense !== null) values.push(storedValue('exp.sense', plan.sense, 'matrix', [1, 5]));
  if (plan.feel !== null) values.push(storedValue('exp.feel', plan.feel, 'matrix', [1, 5]));
  return values;
}

/** A complete response with several answers, submitted on `day` (`YYYY-MM-DD`). */
export function completeResponse(
  orgId: string,
  surveyId: string,
  plan: TAnswerPlan,
  day: string,
  extra: Partial<TStoredResponse> = {},
): TStoredResponse {
  const at = `${day}T10:00:00.000Z`;
  const values = valuesOf(plan);
  return npsResponse(orgId, surveyId, plan.nps, {
    answers: Object.fromEntries(values.map((v) => [v.questionKey, v.value])),
    values,
    startedAt: at,
    submittedAt: at,
    updatedAt: at,
    day,
    ...extra,
  });
}

/** A response saved unfinished on `day`: no values, no submission. */
export function partialResponse(
  orgId: string,
  surveyId: string,
  day: string,
  extra: Partial<TStoredResponse> = {},
): TStoredResponse {
  const at = `${day}T09:00:00.000Z`;
  return npsResponse(orgId, surveyId, 0, {
    status: 'partial',
    answers: {},
    values: [],
    startedAt: at,
    submittedAt: null,
    updatedAt: at,
    day,
    ...extra,
  });
}

/** The write that completes a partial response (`change: 'updated'`), submitted on `day`. */
export function completionOf(
  partial: TStoredResponse,
  plan: TAnswerPlan,
  day: string,
): TStoredResponse {
  // What a completion changes (as the service builds it from the stored partial response).
  const { status, answers, values, submittedAt, updatedAt } = completeResponse(
    partial.organizationId,
    partial.surveyId,
    plan,
    day,
  );
  return { ...partial, status, answers, values, submittedAt, updatedAt, day, change: 'updated' };
}

/** A validated interaction row as an import hands it to the writer. */
export function readyInteraction(
  row: number,
  externalId: string,
  customerExternalId: string,
  touchpointId: string,
  extra: Partial<TReadyInteraction> = {},
): TReadyInteraction {
  return {
    row,
    externalId,
    customerExternalId,
    touchpointId,
    occurredAt: '2026-07-01T08:00:00.000Z',
    type: 'visit',
    amount: null,
    currency: null,
    attributesJson: '{}',
    ...extra,
  };
}

/** The ids of an organization's stored responses, sorted. */
export async function storedResponseIds(storage: TStorage, orgId: string): Promise<string[]> {
  const rows = await storage.db
    .selectFrom('responses')
    .select('id')
    .where('organization_id', '=', orgId)
    .execute();
  return rows.map((r) => r.id).sort();
}

/** An organization's stored interactions: id by external id. */
export async function storedInteractions(
  storage: TStorage,
  orgId: string,
): Promise<Map<string, { id: string; type: string }>> {
  const rows = await storage.db
    .selectFrom('interactions')
    .select(['id', 'external_id', 'type'])
    .where('organization_id', '=', orgId)
    .execute();
  return new Map(rows.map((r) => [r.external_id ?? r.id, { id: r.id, type: r.type }]));
}

/** The events of organizations in order of `seq`, read straight from the outbox. */
export async function organizationEvents(
  storage: TStorage,
  ...orgIds: string[]
): Promise<TDomainEvent[]> {
  const rows = await storage.db
    .selectFrom('domain_events')
    .selectAll()
    .where('organization_id', 'in', orgIds)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    id: r.id,
    organizationId: r.organization_id,
    type: r.type as TEventType,
    subjectId: r.subject_id,
    payload: JSON.parse(r.payload_json) as Record<string, unknown>,
    txEnd: Number(r.tx_end) === 1,
    at: r.created_at,
  }));
}

/**
 * Events cut into their transactions (each ends at the event marked `tx_end`), after checking
 * that `seq` strictly increases and that the last event ends a transaction.
 */
export function eventTransactions(events: readonly TDomainEvent[]): TDomainEvent[][] {
  const seqs = events.map((e) => e.seq);
  expect(seqs, 'seq strictly increasing').toEqual([...new Set(seqs)].sort((a, b) => a - b));
  if (events.length > 0)
    expect(events.at(-1)?.txEnd, 'the last event ends its transaction').toBe(true);
  const transactions: TDomainEvent[][] = [];
  let current: TDomainEvent[] = [];
  for (const event of events) {
    current.push(event);
    if (event.txEnd) {
      transactions.push(current);
      current = [];
    }
  }
  return transactions;
}

/** The ids a batch event (`responses.imported`, `interactions.imported`) names. */
export function batchIds(event: TDomainEvent): string[] {
  const ids = event.payload['ids'];
  if (!Array.isArray(ids)) throw new Error(`event ${event.id} names no ids`);
  return ids.map(String);
}

/** A customer id no organization has. */
export const unknownId = (): string => newId();
