/**
 * The benchmark organization: 18 touchpoints in 6 stages, three segment attributes (18
 * segments), one relationship survey with an NPS question and 12 driver items, and an API key for
 * the HTTP figures. Written through the services where they exist, straight to the tables where
 * the bench needs fixed names.
 */
import { newId, type TSurveyDefinition } from '@touchstone/core';
import { insertNewApiKey } from '../../packages/server/src/api-keys/api-keys.service.js';
import { createOrganization } from '../../packages/server/src/organizations/organizations.service.js';
import type { TStorage } from '../../packages/server/src/storage/database.js';
import { nowIso } from '../../packages/server/src/storage/rows.js';
import { ensureAccount } from '../../packages/server/src/users/users.service.js';

export const DRIVER_COUNT = 12;
export const DRIVER_KEYS = Array.from(
  { length: DRIVER_COUNT },
  (_, i) => `drv.d${String(i + 1).padStart(2, '0')}`,
);
export const SEGMENT_ATTRIBUTES = {
  region: ['apac', 'eu', 'na'],
  tier: ['basic', 'gold', 'silver'],
  traveller: ['business', 'leisure'],
} as const;

/** What the generator and the figures need to know about the organization. */
export interface TBenchOrg {
  orgId: string;
  surveyId: string;
  touchpointIds: string[];
  apiKey: string;
}

function surveyDefinition(): TSurveyDefinition {
  return {
    defaultLanguage: 'en',
    languages: ['en'],
    title: { en: 'Relationship survey' },
    thankYou: { en: 'Thank you' },
    showProgress: true,
    hiddenFields: [],
    questions: [
      { id: 'nps', type: 'nps', required: true, text: { en: 'Would you recommend us?' } },
      {
        id: 'drv',
        type: 'matrix',
        required: false,
        text: { en: 'How do you rate ...' },
        scale: { min: 1, max: 5 },
        items: DRIVER_KEYS.map((key) => ({
          id: key.slice(4),
          text: { en: `aspect ${key.slice(5)}` },
          reverse: false,
        })),
      },
    ],
  };
}

/** Creates the organization and its model in an empty, migrated database. */
export async function createBenchOrganization(storage: TStorage): Promise<TBenchOrg> {
  const { userId } = await ensureAccount(storage.db, {
    email: 'bench@touchstone.local',
    name: 'Bench',
    password: 'bench password, not secret',
  });
  const org = await createOrganization(storage, { name: 'Bench', slug: 'bench' }, userId);
  const now = nowIso();
  const db = storage.db;
  const journeyId = newId();
  await db
    .insertInto('journeys')
    .values({
      id: journeyId,
      organization_id: org.id,
      brand_id: null,
      name: 'Travel',
      description: '',
      archived_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const touchpointIds: string[] = [];
  for (let s = 0; s < 6; s++) {
    const stageId = newId();
    await db
      .insertInto('stages')
      .values({
        id: stageId,
        organization_id: org.id,
        journey_id: journeyId,
        name: `Stage ${s + 1}`,
        description: '',
        phase: 'sales',
        position: s,
      })
      .execute();
    for (let t = 0; t < 3; t++) {
      const id = newId();
      const key = `tp-${String(s * 3 + t + 1).padStart(2, '0')}`;
      touchpointIds.push(id);
      await db
        .insertInto('touchpoints')
        .values({
          id,
          organization_id: org.id,
          journey_id: journeyId,
          stage_id: stageId,
          key,
          name: `Touchpoint ${key.slice(3)}`,
          description: '',
          channel: 'web',
          provider_type: 'electronic-media',
          senses_json: '[]',
          owner_team_id: null,
          archived_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  }
  for (const [key, options] of Object.entries(SEGMENT_ATTRIBUTES)) {
    await db
      .insertInto('attribute_keys')
      .values({
        id: newId(),
        organization_id: org.id,
        entity: 'customer',
        key,
        label: key,
        type: 'enum',
        options_json: JSON.stringify(options),
        created_at: now,
      })
      .execute();
  }
  const surveyId = newId();
  await db
    .insertInto('surveys')
    .values({
      id: surveyId,
      organization_id: org.id,
      name: 'Relationship',
      slug: 'bench-relationship',
      kind: 'relationship',
      status: 'live',
      brand_id: null,
      current_version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('survey_versions')
    .values({
      survey_id: surveyId,
      version: 1,
      organization_id: org.id,
      definition_json: JSON.stringify(surveyDefinition()),
      created_at: now,
    })
    .execute();
  const { secret } = await insertNewApiKey(
    db,
    org.id,
    { name: 'bench reader', role: 'viewer' },
    null,
  );
  return { orgId: org.id, surveyId, touchpointIds, apiKey: secret };
}
