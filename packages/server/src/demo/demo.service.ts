/**
 * `generateDemo`: the Aurora Airways organization with its program, customers, interactions and
 * responses, generated from a seed and an end date, loaded through the bulk import services batch
 * by batch, then analysed as any imported history is (comments, then the change scan).
 */
import type { TImportResult } from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { invalidField } from '@touchstone/core';
import {
  importCustomerRecords,
  importInteractionRecords,
  type TImportProgress,
} from '../imports/imports.service.js';
import { deleteOrganizationRow } from '../organizations/organizations.repository.js';
import type { TServices } from '../composition/services.js';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_USERS } from './aurora-model.js';
import { generateCustomerBatches, type TDemoBatch } from './customer-generator.js';
import {
  analyseDemo,
  type TDemoAnalysisCounts,
  type TDemoAnalysisProgress,
} from './demo-analysis.js';
import { createDemoClosedLoop, type TDemoClosedLoopCounts } from './demo-closed-loop.js';
import { loadDemoResponses, sharesForTarget } from './demo-responses.js';
import { createDemoModel, createDemoOrganization, type TDemoModelCounts } from './demo-setup.js';
import { createDemoSurveys } from './demo-surveys.js';
import { plantedChangeStart } from './experience-model.js';
import {
  demoWindow,
  generateInteractionBatches,
  type TDemoWindow,
} from './interaction-generator.js';

export interface TDemoOptions {
  customers?: number;
  /** Months of history, ending with `endDate`. */
  months?: number;
  /**
   * The last day of the history, YYYY-MM-DD (UTC; default today): the same seed and end date give
   * the same data.
   */
  endDate?: string;
  seed?: number;
  /** Surveys and responses too (default true). */
  responses?: boolean;
  /** About how many responses (default: a quarter of the surveyed visits, NPS quarterly). */
  responseTarget?: number;
}

/** Where a data phase stands; customers are the unit of progress in all three. */
export interface TDemoDataProgress {
  phase: 'customers' | 'interactions' | 'responses';
  customersDone: number;
  customers: number;
  /** Records stored so far in this phase. */
  stored: number;
}

/** Where generation stands: the data phases, then the analysis of what they stored. */
export type TDemoProgress = TDemoDataProgress | TDemoAnalysisProgress;

export interface TDemoCounts extends TDemoModelCounts, TDemoAnalysisCounts, TDemoClosedLoopCounts {
  customers: number;
  interactions: number;
  surveys: number;
  responses: number;
}

export interface TDemoResult {
  organizationId: string;
  slug: string;
  /** The last day of the history (YYYY-MM-DD). */
  endDate: string;
  /** The first day of the planted lounge-bar change (YYYY-MM-DD). */
  plantedChangeDate: string;
  email: string;
  password: string;
  counts: TDemoCounts;
}

export const DEMO_DEFAULTS = { customers: 5000, months: 24, seed: 42 } as const;
export const DEMO_LIMITS = { customers: 10_000_000, months: 240 } as const;

/** Today in UTC, YYYY-MM-DD: the demo's default end date. */
function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Whether `text` is a real calendar day written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

function checkOptions(options: TDemoOptions) {
  const resolved = {
    customers: options.customers ?? DEMO_DEFAULTS.customers,
    months: options.months ?? DEMO_DEFAULTS.months,
    seed: options.seed ?? DEMO_DEFAULTS.seed,
    endDate: options.endDate ?? todayUtc(),
    responses: options.responses ?? true,
    responseTarget: options.responseTarget,
  };
  const target = resolved.responseTarget;
  if (target !== undefined && (!Number.isInteger(target) || target < 0)) {
    throw invalidField('responseTarget', 'must be a whole number of at least 0');
  }
  if (!Number.isInteger(resolved.customers) || resolved.customers < 1) {
    throw invalidField('customers', 'must be a whole number of at least 1');
  }
  if (resolved.customers > DEMO_LIMITS.customers) {
    throw invalidField('customers', `must be at most ${DEMO_LIMITS.customers}`);
  }
  if (!Number.isInteger(resolved.months) || resolved.months < 1) {
    throw invalidField('months', 'must be a whole number of at least 1');
  }
  if (resolved.months > DEMO_LIMITS.months) {
    throw invalidField('months', `must be at most ${DEMO_LIMITS.months}`);
  }
  if (!Number.isInteger(resolved.seed) || resolved.seed < 0 || resolved.seed > 0xffffffff) {
    throw invalidField('seed', 'must be a whole number from 0 to 4294967295');
  }
  if (!isCalendarDate(resolved.endDate)) {
    throw invalidField('endDate', 'must be a calendar date written YYYY-MM-DD');
  }
  return resolved;
}

/** Generated data must import cleanly: a rejected row is a bug in the generator, not user input. */
function assertNoFailures(kind: string, result: TImportResult): void {
  if (result.failed === 0) return;
  const first = result.errors[0];
  const where = first ? ` (row ${first.row}, ${first.field}: ${first.reason})` : '';
  throw new Error(`the demo generator produced ${result.failed} invalid ${kind}${where}`);
}

/** The records of a batch stream one by one, noting how many customers they have covered. */
function* recordsOf<T>(
  batches: Iterable<TDemoBatch<T>>,
  seen: { customersDone: number },
): Generator<T, void, undefined> {
  for (const batch of batches) {
    seen.customersDone = batch.customersDone;
    yield* batch.records;
  }
}

type TImportRecords = (
  ctx: TServiceContext,
  records: Iterable<unknown>,
  onProgress?: (progress: TImportProgress) => void,
) => Promise<TImportResult>;

/** Streams generated records through one bulk import call, reporting progress in customers. */
async function load<T>(
  ctx: TServiceContext,
  phase: TDemoDataProgress['phase'],
  customers: number,
  batches: Iterable<TDemoBatch<T>>,
  importRecords: TImportRecords,
  onProgress?: (progress: TDemoProgress) => void,
): Promise<number> {
  const seen = { customersDone: 0 };
  const result = await importRecords(ctx, recordsOf(batches, seen), (p) =>
    onProgress?.({
      phase,
      customersDone: seen.customersDone,
      customers,
      stored: p.created + p.updated,
    }),
  );
  assertNoFailures(phase, result);
  const stored = result.created + result.updated;
  onProgress?.({ phase, customersDone: customers, customers, stored });
  return stored;
}

/** Imports the generated customers; returns how many were stored. */
export function loadDemoCustomers(
  ctx: TServiceContext,
  options: { seed: number; customers: number },
  onProgress?: (progress: TDemoProgress) => void,
): Promise<number> {
  const batches = generateCustomerBatches(options);
  return load(ctx, 'customers', options.customers, batches, importCustomerRecords, onProgress);
}

/** Imports the generated interactions; returns how many were stored. */
export function loadDemoInteractions(
  ctx: TServiceContext,
  options: { seed: number; customers: number; window: TDemoWindow },
  onProgress?: (progress: TDemoProgress) => void,
): Promise<number> {
  const batches = generateInteractionBatches(options);
  return load(
    ctx,
    'interactions',
    options.customers,
    batches,
    importInteractionRecords,
    onProgress,
  );
}

/**
 * Creates the Aurora Airways demo organization (slug `aurora-airways`) with its people, program,
 * customers and interactions, and its surveys and responses with their comments analysed and the
 * change scan run; refuses when that organization already exists.
 */
export async function generateDemo(
  services: TServices,
  options: TDemoOptions = {},
  onProgress?: (progress: TDemoProgress) => void,
): Promise<TDemoResult> {
  const { customers, months, seed, endDate, responses, responseTarget } = checkOptions(options);
  const window = demoWindow(months, endDate);
  const { storage } = services;
  const { ctx, agentUserId, ownerUserId } = await createDemoOrganization(services);
  const organizationId = ctx.actor.organizationId;
  try {
    const model = await createDemoModel(ctx, agentUserId);
    const storedCustomers = await loadDemoCustomers(ctx, { seed, customers }, onProgress);
    const interactions = await loadDemoInteractions(ctx, { seed, customers, window }, onProgress);
    let surveys = 0;
    let storedResponses = 0;
    let analysis: TDemoAnalysisCounts = { comments: 0, alerts: 0 };
    let closedLoop: TDemoClosedLoopCounts = { rules: 0, cases: 0, followUps: 0 };
    if (responses) {
      const org = await ctx.services.surveys.org(organizationId);
      const demoSurveys = await createDemoSurveys(ctx, org.touchpointIdByKey);
      surveys = 1 + Object.keys(demoSurveys.transactional).length;
      const base = { seed, customers, window };
      const shares =
        responseTarget === undefined ? undefined : sharesForTarget(base, responseTarget);
      storedResponses = await loadDemoResponses(
        ctx,
        demoSurveys,
        { ...base, ...(shares ? { shares } : {}) },
        (p) => onProgress?.({ phase: 'responses', customers, ...p }),
      );
      analysis = await analyseDemo(ctx, onProgress);
      closedLoop = await createDemoClosedLoop(
        ctx,
        { agentUserId, ownerUserId },
        // The end of the history, or now when it ends later today: nothing happens in the future.
        new Date(Math.min(window.end - 1, Date.now())),
        seed,
      );
    }
    return {
      organizationId,
      slug: DEMO_ORGANIZATION.slug,
      endDate,
      plantedChangeDate: new Date(plantedChangeStart(window)).toISOString().slice(0, 10),
      email: DEMO_USERS[0].email,
      password: DEMO_PASSWORD,
      counts: {
        ...model,
        customers: storedCustomers,
        interactions,
        surveys,
        responses: storedResponses,
        ...analysis,
        ...closedLoop,
      },
    };
  } catch (error) {
    // A half-loaded demo would block the next attempt (the slug is taken): remove it.
    await storage.db
      .transaction()
      .execute((trx) => deleteOrganizationRow(trx, organizationId))
      .catch(() => undefined);
    throw error;
  }
}
