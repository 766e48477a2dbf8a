/**
 * What the collect figures need: an organization with an API key and live surveys to answer,
 * and the counts and sums the database holds for a survey (to check results before timing).
 */
import { sql } from 'kysely';
import { ZSurveyDefinition, type TSurveyDefinitionInput } from '@touchstone/core';
import { insertNewApiKey } from '../../packages/server/src/api-keys/api-keys.service.js';
import { systemActor, type TServiceContext } from '../../packages/server/src/auth/actor.js';
import { createOrganization } from '../../packages/server/src/organizations/organizations.service.js';
import type { TStorage } from '../../packages/server/src/storage/database.js';
import { createSurvey, updateSurvey } from '../../packages/server/src/surveys/surveys.service.js';
import { ensureAccount } from '../../packages/server/src/users/users.service.js';
import { benchServices } from '../databases.js';

/** A short touchpoint survey: NPS (required), CSAT and a comment. */
export function benchSurveyDefinition(): TSurveyDefinitionInput {
  return {
    defaultLanguage: 'en',
    languages: ['en'],
    title: { en: 'Your visit' },
    thankYou: { en: 'Thank you' },
    questions: [
      { id: 'nps', type: 'nps', required: true, text: { en: 'Recommend us?' } },
      { id: 'csat', type: 'csat', text: { en: 'How satisfied?' } },
      { id: 'comment', type: 'text', text: { en: 'Anything else?' } },
    ],
  };
}

/** The answers of submission `i`: deterministic, valid, with a short comment. */
export function benchAnswers(i: number): { nps: number; csat: number; comment: string } {
  return { nps: i % 11, csat: 1 + (i % 5), comment: `visit ${i % 97}: the lounge was fine` };
}

export interface TCollectOrg {
  ctx: TServiceContext;
  apiKey: string;
}

/** An organization with an admin API key. */
export async function prepareCollectOrg(storage: TStorage): Promise<TCollectOrg> {
  const { userId } = await ensureAccount(storage.db, {
    email: 'bench@touchstone.local',
    name: 'Bench',
    password: 'bench-password-123',
  });
  const org = await createOrganization(storage, { name: 'Bench', slug: 'bench-collect' }, userId);
  const { secret } = await insertNewApiKey(
    storage.db,
    org.id,
    { name: 'bench', role: 'admin' },
    null,
  );
  const services = await benchServices(storage);
  return { ctx: { storage, actor: systemActor(org.id, 'system:bench'), services }, apiKey: secret };
}

/** A live survey with the bench definition. */
export async function createBenchSurvey(
  ctx: TServiceContext,
  name: string,
): Promise<{ id: string; slug: string }> {
  const survey = await createSurvey(ctx, {
    name,
    kind: 'transactional',
    touchpointIds: [],
    brandId: null,
    definition: ZSurveyDefinition.parse(benchSurveyDefinition()),
  });
  await updateSurvey(ctx, survey.id, { status: 'live' });
  return { id: survey.id, slug: survey.slug };
}

/** Responses of a survey, their stored NPS values and the NPS sum and CSAT rollup count. */
export async function surveyTotals(
  storage: TStorage,
  surveyId: string,
): Promise<{ responses: number; npsValues: number; npsSum: number; rollupCsatN: number }> {
  const responses = await storage.db
    .selectFrom('responses')
    .select(sql<number | string>`count(*)`.as('n'))
    .where('survey_id', '=', surveyId)
    .executeTakeFirstOrThrow();
  const values = await storage.db
    .selectFrom('response_values')
    .select([
      sql<number | string>`count(*)`.as('n'),
      sql<number | string | null>`sum(value)`.as('s'),
    ])
    .where('survey_id', '=', surveyId)
    .where('question_key', '=', 'nps')
    .executeTakeFirstOrThrow();
  const rollup = await storage.db
    .selectFrom('rollup_values')
    .select(sql<number | string | null>`sum(n)`.as('n'))
    .where('survey_id', '=', surveyId)
    .where('question_key', '=', 'csat')
    .executeTakeFirstOrThrow();
  return {
    responses: Number(responses.n),
    npsValues: Number(values.n),
    npsSum: Number(values.s ?? 0),
    rollupCsatN: Number(rollup.n ?? 0),
  };
}
