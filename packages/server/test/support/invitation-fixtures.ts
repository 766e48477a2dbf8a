/** Shared setup of the invitation tests: a live survey, customers, and a worker on a test clock. */
import { newId, type TSurveyDefinitionInput } from '@touchstone/core';
import type { TTestEnv } from '../harness.js';
import type { TConfig } from '../../src/config.js';
import { JobWorker } from '../../src/jobs/job-worker.js';
import { buildJobRegistry } from '../../src/jobs/server-worker.js';
import { createSmtpMailer } from '../../src/invitations/mailer.js';

export const FLIGHT_SURVEY: TSurveyDefinitionInput = {
  defaultLanguage: 'en',
  languages: ['en', 'de'],
  title: { en: 'Your flight with Aurora', de: 'Ihr Flug mit Aurora' },
  thankYou: { en: 'Thank you!', de: 'Danke!' },
  questions: [
    {
      id: 'nps',
      type: 'nps',
      text: {
        en: 'How likely are you to recommend Aurora to a friend?',
        de: 'Wie wahrscheinlich empfehlen Sie Aurora weiter?',
      },
      required: true,
    },
    { id: 'comment', type: 'text', text: { en: 'Why?', de: 'Warum?' } },
  ],
};

/**
 * Stores a live survey with one version. Written to the tables directly, so that these tests
 * depend on the surveys capability's storage shape only.
 */
export async function insertLiveSurvey(
  env: TTestEnv,
  slug: string,
  orgId = env.orgA.id,
  brandId: string | null = null,
) {
  const id = newId();
  const now = new Date().toISOString();
  await env.storage.db
    .insertInto('surveys')
    .values({
      id,
      organization_id: orgId,
      name: `Survey ${slug}`,
      slug,
      kind: 'transactional',
      status: 'live',
      brand_id: brandId,
      current_version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await env.storage.db
    .insertInto('survey_versions')
    .values({
      survey_id: id,
      version: 1,
      organization_id: orgId,
      definition_json: JSON.stringify({ hiddenFields: [], showProgress: true, ...FLIGHT_SURVEY }),
      created_at: now,
    })
    .execute();
  return id;
}

export interface TCustomerSeed {
  externalId: string;
  email?: string | null;
  emailConsent?: boolean;
  optedOut?: boolean;
  locale?: string;
  name?: string;
  attributes?: Record<string, string>;
}

/** Creates customers through the API; returns their ids by external id. */
export async function createCustomers(env: TTestEnv, seeds: TCustomerSeed[]) {
  const ids: Record<string, string> = {};
  for (const seed of seeds) {
    const res = await env.as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { emailConsent: true, ...seed },
    });
    if (res.statusCode !== 201) throw new Error(`customer ${seed.externalId}: ${res.body}`);
    ids[seed.externalId] = res.json<{ id: string }>().id;
  }
  return ids;
}

/** A worker with every server job kind, mailing through the given SMTP URL, on a movable clock. */
export function testWorker(
  env: TTestEnv,
  config: TConfig,
  smtpUrl: string,
  clock: { now: Date },
  workerId = 'test-worker',
) {
  const mailer = createSmtpMailer(smtpUrl, config.mailFrom);
  const worker = new JobWorker(env.storage, buildJobRegistry(config, mailer), {
    workerId,
    now: () => clock.now,
    backoff: { baseMs: 1000, maxMs: 60_000 },
    concurrency: 2,
    pollMs: 10,
  });
  return { worker, close: () => mailer.close() };
}
