import { newId } from '@touchstone/core';
import type { TStorage } from '../../src/storage/database.js';
import { nowIso } from '../../src/storage/rows.js';

/**
 * Test data: a journey with one stage and touchpoints with the given keys, written straight to
 * the tables so that interaction and import tests do not depend on the touchpoint API.
 */
export async function seedTouchpoints(
  storage: TStorage,
  orgId: string,
  keys: readonly string[],
): Promise<Record<string, string>> {
  const now = nowIso();
  const journeyId = newId();
  const stageId = newId();
  await storage.db
    .insertInto('journeys')
    .values({
      id: journeyId,
      organization_id: orgId,
      brand_id: null,
      name: `Journey ${journeyId}`,
      description: '',
      archived_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await storage.db
    .insertInto('stages')
    .values({
      id: stageId,
      organization_id: orgId,
      journey_id: journeyId,
      name: 'Use',
      description: '',
      phase: 'sales',
      position: 0,
    })
    .execute();
  const ids: Record<string, string> = {};
  for (const key of keys) {
    const id = newId();
    ids[key] = id;
    await storage.db
      .insertInto('touchpoints')
      .values({
        id,
        organization_id: orgId,
        journey_id: journeyId,
        stage_id: stageId,
        key,
        name: key,
        description: '',
        channel: 'on-site',
        provider_type: 'spatial-environment',
        senses_json: '[]',
        owner_team_id: null,
        archived_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  return ids;
}
