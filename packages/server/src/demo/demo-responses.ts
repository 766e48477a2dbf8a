/**
 * Loads the demo's survey responses: generated customer by customer into month files, then, month
 * by month in time order, built into stored responses the way every submission is (numeric
 * values, segment from the customer's attributes) and written through the response writer in big
 * units, so the rollup listener maintains the analytics rollups as on every other write path.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TResponse } from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { listCustomerIdsByExternalId } from '../customers/customers.repository.js';
import { withImportTuning } from '../imports/sqlite-import-tuning.js';
import { ingestEngine } from '../ingest/engine.js';
import type { TStoredResponse } from '../ingest/stored-response.js';
import { buildNewResponse } from '../responses/response-builder.js';
import { type TOrgRuntime } from '../surveys/survey-cache.js';
import type { TAuroraTouchpointKey } from './aurora-touchpoints.js';
import { customerExternalId, demoCustomerAt } from './customer-generator.js';
import type { TDemoSurvey, TDemoSurveys } from './demo-surveys.js';
import type { TDemoWindow } from './interaction-generator.js';
import {
  customerResponses,
  DEFAULT_SHARES,
  type TDemoAnswered,
  type TResponseShares,
} from './response-generator.js';

/** Customers generated between progress reports; responses per writer batch. */
const CUSTOMER_BATCH = 2_000;
/** Lines a month's bucket holds in memory before they are appended to its file. */
const BUCKET_FLUSH_LINES = 5_000;
const UNIT = 10_000;

/** Where the responses of each touchpoint come in from. */
function channelOf(touchpoint: TAuroraTouchpointKey | null): TResponse['channel'] {
  if (touchpoint === null) return 'email';
  if (touchpoint === 'web-booking' || touchpoint === 'mobile-app') return 'widget';
  if (touchpoint === 'customer-care-chat' || touchpoint === 'call-centre') return 'link';
  return touchpoint.startsWith('inflight') || touchpoint === 'cabin-crew' ? 'email' : 'qr';
}

/** Options of the response phase. */
export interface TDemoResponseOptions {
  seed: number;
  customers: number;
  window: TDemoWindow;
  shares?: TResponseShares;
}

/**
 * Shares that give about `target` responses: measured on the first customers (at most 2,000,
 * deterministic) at the default shares, then scaled; a share never exceeds 1.
 */
export function sharesForTarget(
  options: Omit<TDemoResponseOptions, 'shares'>,
  target: number,
): TResponseShares {
  const sample = Math.min(options.customers, 2_000);
  let count = 0;
  for (let index = 0; index < sample; index += 1) {
    const { profile } = demoCustomerAt(options.seed, index);
    count += customerResponses(options.seed, profile, options.window, DEFAULT_SHARES).length;
  }
  const expected = (count * options.customers) / sample;
  const factor = expected === 0 ? 1 : target / expected;
  return {
    transactional: Math.min(1, DEFAULT_SHARES.transactional * factor),
    relationship: Math.min(1, DEFAULT_SHARES.relationship * factor),
  };
}

function surveyOf(surveys: TDemoSurveys, answered: Pick<TDemoAnswered, 'survey'>): TDemoSurvey {
  return answered.survey === 'relationship'
    ? surveys.relationship
    : surveys.transactional[answered.survey];
}

/** A generated response as written to its month's bucket file: compact, one JSON array a line. */
type TBucketLine = [
  customer: number,
  survey: TDemoAnswered['survey'],
  touchpoint: TAuroraTouchpointKey | null,
  at: number,
  answers: TDemoAnswered['answers'],
];

/**
 * Generated responses sorted into one file per month, so that they can be written in time order:
 * customer by customer, each customer's two years of responses would land all over every index
 * by time, and at a million responses each commit rewrote thousands of scattered index pages. A
 * month at a time is small enough to sort.
 */
class MonthBuckets {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-demo-'));
  private readonly waiting = new Map<string, string[]>();

  add(month: string, line: TBucketLine): void {
    const lines = this.waiting.get(month) ?? [];
    lines.push(JSON.stringify(line));
    this.waiting.set(month, lines);
    if (lines.length >= BUCKET_FLUSH_LINES) this.flush(month);
  }

  /** The months in order, each with its lines sorted by time (then as generated). */
  *months(): Generator<TBucketLine[]> {
    // Every month seen keeps its entry (emptied on flush), so its keys are all the files.
    const months = [...this.waiting.keys()].sort();
    for (const month of months) this.flush(month);
    for (const month of months) {
      const text = fs.readFileSync(this.file(month), 'utf8');
      const lines = text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as TBucketLine);
      // Array.prototype.sort is stable: equal times keep their generated order (deterministic).
      yield lines.sort((a, b) => a[3] - b[3]);
    }
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private file(month: string): string {
    return path.join(this.dir, `${month}.ndjson`);
  }

  private flush(month: string): void {
    const lines = this.waiting.get(month);
    if (lines === undefined || lines.length === 0) return;
    fs.appendFileSync(this.file(month), `${lines.join('\n')}\n`);
    this.waiting.set(month, []);
  }
}

/** The stored id of every demo customer, by generated index (read once, before writing). */
async function customerIdsByIndex(
  ctx: TServiceContext,
  customers: number,
): Promise<(string | undefined)[]> {
  const rows = await listCustomerIdsByExternalId(ctx.storage.db, ctx.actor.organizationId);
  const ids = new Map(rows.map((r) => [r.external_id, r.id]));
  return Array.from({ length: customers }, (_, index) => ids.get(customerExternalId(index)));
}

/** Builds the stored responses of one run of bucket lines. */
function buildUnit(
  ctx: TServiceContext,
  org: TOrgRuntime,
  surveys: TDemoSurveys,
  seed: number,
  customerIds: readonly (string | undefined)[],
  lines: readonly TBucketLine[],
): TStoredResponse[] {
  const orgId = ctx.actor.organizationId;
  const customers = new Map(
    [...new Set(lines.map((line) => line[0]))].map((index) => {
      const { record } = demoCustomerAt(seed, index);
      const id = customerIds[index];
      if (id === undefined) throw new Error(`demo customer ${record.externalId} is not stored`);
      return [index, { id, attributes: record.attributes ?? {} }] as const;
    }),
  );
  return lines.map(([index, surveyKey, touchpoint, at, answers]) => {
    const survey = surveyOf(surveys, { survey: surveyKey });
    const customer = customers.get(index);
    if (customer === undefined) throw new Error(`demo customer ${index} was not looked up`);
    return buildNewResponse({
      organizationId: orgId,
      surveyId: survey.id,
      surveyVersion: survey.version,
      definition: survey.definition,
      org,
      touchpointId: touchpoint === null ? null : (org.touchpointIdByKey.get(touchpoint) ?? null),
      customer,
      interactionId: null,
      channel: channelOf(touchpoint),
      language: 'en',
      complete: true,
      answers,
      hidden: {},
      idempotencyKey: null,
      resumeTokenHash: null,
      at: new Date(at).toISOString(),
    });
  });
}

/** Generates and stores the demo responses; returns how many were stored. */
export async function loadDemoResponses(
  ctx: TServiceContext,
  surveys: TDemoSurveys,
  options: TDemoResponseOptions,
  onProgress?: (progress: { customersDone: number; stored: number }) => void,
): Promise<number> {
  const resolved = { ...options, shares: options.shares ?? DEFAULT_SHARES };
  const org = await ctx.services.surveys.org(ctx.actor.organizationId);
  const customerIds = await customerIdsByIndex(ctx, options.customers);
  // The demo owns the database while it loads: it holds the connection lock throughout (see
  // `writeAll`).
  const writer = ingestEngine(ctx.storage).bulkResponses({ exclusive: true });
  let stored = 0;
  /** Batches handed to the writer and not yet stored, oldest first. */
  const inFlight: Promise<void>[] = [];
  const write = async (unit: TStoredResponse[]) => {
    while (inFlight.length >= writer.inFlight) await inFlight.shift();
    const done = writer.write(unit).then((failures) => {
      const [failure] = failures;
      if (failure !== undefined) throw failure.error; // generated data breaks no rule
      stored += unit.length;
    });
    done.catch(() => undefined); // awaited below
    inFlight.push(done);
  };
  const load = async () => {
    const buckets = new MonthBuckets();
    try {
      for (let index = 0; index < options.customers; index += 1) {
        const { profile } = demoCustomerAt(options.seed, index);
        for (const r of customerResponses(options.seed, profile, options.window, resolved.shares)) {
          const month = new Date(r.at).toISOString().slice(0, 7);
          buckets.add(month, [index, r.survey, r.touchpoint, r.at, r.answers]);
        }
        if ((index + 1) % CUSTOMER_BATCH === 0) onProgress?.({ customersDone: index + 1, stored });
      }
      // Batches are written in time order, the writer's thread storing one while this thread
      // builds the next.
      for (const lines of buckets.months()) {
        for (let i = 0; i < lines.length; i += UNIT) {
          const unit = lines.slice(i, i + UNIT);
          await write(buildUnit(ctx, org, surveys, options.seed, customerIds, unit));
          onProgress?.({ customersDone: options.customers, stored });
        }
      }
      for (const done of inFlight.splice(0)) await done;
      onProgress?.({ customersDone: options.customers, stored });
    } catch (error) {
      await Promise.allSettled(inFlight);
      throw error;
    } finally {
      buckets.remove();
    }
  };
  // On SQLite the load holds the connection lock throughout, so the writer's thread stores each
  // batch as soon as it is handed over, never waiting for this thread (busy building the next
  // batch) to pass it the lock. PostgreSQL's writer takes connections from the pool as it goes.
  const writeAll = () =>
    ctx.storage.sqlite === null ? load() : ctx.storage.db.connection().execute(load);
  // SQLite checkpoints less often while it runs, as in every bulk import, and the writer's
  // thread copies the pages into the database once the load is stored.
  await withImportTuning(ctx.storage, writeAll, () => writer.close());
  return stored;
}
