import type { TDb } from '../storage/database.js';
import { findSurveyRow, findSurveyRowBySlug } from '../surveys/surveys.repository.js';

/** The survey a command acts on, named by its id or its public slug within the organization. */
export async function resolveSurveyId(db: TDb, orgId: string, idOrSlug: string): Promise<string> {
  const byId = await findSurveyRow(db, orgId, idOrSlug);
  if (byId) return byId.id;
  const bySlug = await findSurveyRowBySlug(db, idOrSlug);
  if (bySlug && bySlug.organization_id === orgId) return bySlug.id;
  throw new Error(`no survey with id or slug "${idOrSlug}" in this organization`);
}
