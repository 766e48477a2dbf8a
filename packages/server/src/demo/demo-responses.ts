/**
 * Loads the demo's survey responses: generated customer by customer, built into stored responses
 * the way every submission is (numeric values, segment from the customer's attributes), and
 * written through the response writer in big units, so the rollup listener maintains the
 * analytics rollups in the same transactions as on every other write path.
 */
import type { TResponse } from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { deferredRollups } from '../analytics/deferred-rollups.js';
import { withImportTuning } from '../imports/sqlite-import-tuning.js';
import { createResponseWriter } from '../responses/batch-listeners.js';
import type { TStoredResponse } from '../responses/response-batch.js';
import { buildNewResponse } from '../responses/response-builder.js';
import { findCustomersForResponses } from '../responses/responses.repository.js';
import { surveyCacheOf, type TOrgRuntime } from '../surveys/survey-cache.js';
import type { TAuroraTouchpointKey } from './aurora-touchpoints.js';
import { demoCustomerAt } from './customer-generator.js';
import type { TDemoSurvey, TDemoSurveys } from './demo-surveys.js';
import {
  customerResponses,
  DEFAULT_SHARES,
  type TDemoAnswered,
  type TResponseShares,
} from './response-generator.js';

/** Customers generated per customer lookup; responses per writer unit. */
const CUSTOMER_BATCH = 2_000;
const UNIT = 5_000;
/** Responses whose rollup deltas are summed in memory before they are written. */
const ROLLUP_FLUSH = 100_000;

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
  months: number;
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
    count += customerResponses(options.seed, profile, options.months, DEFAULT_SHARES).length;
  }
  const expected = (count * options.customers) / sample;
  const factor = expected === 0 ? 1 : target / expected;
  return {
    transactional: Math.min(1, DEFAULT_SHARES.transactional * factor),
    relationship: Math.min(1, DEFAULT_SHARES.relationship * factor),
  };
}

function surveyOf(surveys: TDemoSurveys, answered: TDemoAnswered): TDemoSurvey {
  return answered.survey === 'relationship'
    ? surveys.relationship
    : surveys.transactional[answered.survey];
}

/** Builds the stored responses of one batch of customers. */
async function buildBatch(
  ctx: TServiceContext,
  org: TOrgRuntime,
  surveys: TDemoSurveys,
  options: Required<TDemoResponseOptions>,
  from: number,
  to: number,
): Promise<TStoredResponse[]> {
  const orgId = ctx.actor.organizationId;
  const generated = [];
  for (let index = from; index < to; index += 1) {
    const { record, profile } = demoCustomerAt(options.seed, index);
    const answered = customerResponses(options.seed, profile, options.months, options.shares);
    if (answered.length > 0) generated.push({ record, answered });
  }
  const rows = await findCustomersForResponses(
    ctx.storage.db,
    orgId,
    generated.map((g) => g.record.externalId),
  );
  const ids = new Map(rows.map((r) => [r.external_id, r.id]));
  const stored: TStoredResponse[] = [];
  for (const { record, answered } of generated) {
    const id = ids.get(record.externalId);
    if (id === undefined) throw new Error(`demo customer ${record.externalId} is not stored`);
    const customer = { id, attributes: record.attributes ?? {} };
    for (const response of answered) {
      const survey = surveyOf(surveys, response);
      const touchpointId =
        response.touchpoint === null
          ? null
          : (org.touchpointIdByKey.get(response.touchpoint) ?? null);
      stored.push(
        buildNewResponse({
          organizationId: orgId,
          surveyId: survey.id,
          surveyVersion: survey.version,
          definition: survey.definition,
          org,
          touchpointId,
          customer,
          interactionId: null,
          channel: channelOf(response.touchpoint),
          language: 'en',
          complete: true,
          answers: response.answers,
          hidden: {},
          idempotencyKey: null,
          resumeTokenHash: null,
          at: new Date(response.at).toISOString(),
        }),
      );
    }
  }
  return stored;
}

/** Generates and stores the demo responses; returns how many were stored. */
export async function loadDemoResponses(
  ctx: TServiceContext,
  surveys: TDemoSurveys,
  options: TDemoResponseOptions,
  onProgress?: (progress: { customersDone: number; stored: number }) => void,
): Promise<number> {
  const resolved = { ...options, shares: options.shares ?? DEFAULT_SHARES };
  const org = await surveyCacheOf(ctx.storage).org(ctx.actor.organizationId);
  const rollups = deferredRollups(ctx.storage, ROLLUP_FLUSH);
  const writer = createResponseWriter(ctx.storage, {
    maxBatch: UNIT * 2,
    rollups: rollups.listener,
  });
  let stored = 0;
  // Each unit is written when the next one exists, so that the last one flushes the rollups.
  let held: TStoredResponse[] | null = null;
  const write = async (unit: TStoredResponse[] | null) => {
    if (held !== null) {
      if (unit === null) rollups.flushWithNextBatch();
      await writer.write(held);
      stored += held.length;
    }
    held = unit;
  };
  const load = async () => {
    for (let from = 0; from < options.customers; from += CUSTOMER_BATCH) {
      const to = Math.min(options.customers, from + CUSTOMER_BATCH);
      const batch = await buildBatch(ctx, org, surveys, resolved, from, to);
      // Units are written in order, one at a time (which the deferred rollups rely on); a unit
      // is all or nothing, and generated data breaks no rule.
      for (let i = 0; i < batch.length; i += UNIT) await write(batch.slice(i, i + UNIT));
      onProgress?.({ customersDone: to, stored });
    }
    await write(null);
    onProgress?.({ customersDone: options.customers, stored });
  };
  try {
    // SQLite checkpoints less often while it runs, as in every bulk import.
    await withImportTuning(ctx.storage, load);
  } finally {
    await writer.close();
  }
  return stored;
}
