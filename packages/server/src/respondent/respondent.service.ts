import type { TStorage } from '../storage/database.js';
import { surveyCacheOf } from '../surveys/survey-cache.js';
import { findTouchpoint } from '../touchpoints/touchpoints.repository.js';
import { respondentPage } from './respondent-page.js';

/** The respondent page of a slug with its HTTP status: 404 unknown or draft, 410 closed. */
export interface TRespondentPage {
  status: 200 | 404 | 410;
  html: string;
}

/**
 * Builds the respondent page. The shell is the same in every case (its script shows the message
 * in the respondent's language); the status tells crawlers and monitors the truth. A touchpoint
 * named in the link is looked up for `{{touchpoint.name}}` in question texts.
 */
export async function respondentPageFor(
  storage: TStorage,
  slug: string,
  touchpointKey: string | undefined,
): Promise<TRespondentPage> {
  const cache = surveyCacheOf(storage);
  const survey = await cache.surveyBySlug(slug);
  if (!survey || survey.status === 'draft') {
    return { status: 404, html: respondentPage({ touchpointName: null }) };
  }
  if (survey.status === 'closed') {
    return { status: 410, html: respondentPage({ touchpointName: null }) };
  }
  let touchpointName: string | null = null;
  if (touchpointKey !== undefined) {
    const org = await cache.org(survey.organizationId);
    const id = org.touchpointIdByKey.get(touchpointKey);
    if (id !== undefined) {
      touchpointName = (await findTouchpoint(storage.db, survey.organizationId, id))?.name ?? null;
    }
  }
  return { status: 200, html: respondentPage({ touchpointName }) };
}
