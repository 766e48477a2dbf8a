import { ZSurveyCreate } from '@touchstone/core';
import { systemActor } from '../../src/auth/actor.js';
import type { TStorage } from '../../src/storage/database.js';
import { createSurvey, updateSurvey } from '../../src/surveys/surveys.service.js';
import { testServices } from '../harness.js';
import { npsOnlyDefinition } from './survey-fixtures.js';

/**
 * Creates a one-question NPS survey through the survey service (no app needed: for tests that
 * build their own services or run a server process), live unless told otherwise; its id.
 */
export async function seedNpsSurvey(
  storage: TStorage,
  orgId: string,
  options: { live?: boolean } = {},
): Promise<string> {
  const services = await testServices(storage, { start: false });
  try {
    const ctx = { storage, actor: systemActor(orgId), services };
    const input = ZSurveyCreate.parse({ name: 'NPS', definition: npsOnlyDefinition() });
    const survey = await createSurvey(ctx, input);
    if (options.live !== false) await updateSurvey(ctx, survey.id, { status: 'live' });
    return survey.id;
  } finally {
    await services.close();
  }
}
