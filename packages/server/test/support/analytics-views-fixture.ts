/**
 * Test data for the experiential profile and journey map: a journey (optionally of a brand) with
 * stages in a given order and touchpoints with provider types, written straight to the tables;
 * customers and responses go through the API so they take the real write path.
 */
import { newId } from '@touchstone/core';
import { expect } from 'vitest';
import type { TTestEnv } from '../harness.js';
import { nowIso } from '../../src/storage/rows.js';

export interface TSeedStage {
  name: string;
  position: number;
  touchpoints: { key: string; providerType: string }[];
}

/** Inserts the journey, its stages (in the order given, not by position) and touchpoints. */
export async function seedJourney(
  env: TTestEnv,
  input: { name: string; brandId: string | null; stages: TSeedStage[] },
): Promise<{
  journeyId: string;
  stages: Record<string, string>;
  touchpoints: Record<string, string>;
}> {
  const db = env.storage.db;
  const orgId = env.orgA.id;
  const now = nowIso();
  const journeyId = newId();
  await db
    .insertInto('journeys')
    .values({
      id: journeyId,
      organization_id: orgId,
      brand_id: input.brandId,
      name: input.name,
      description: '',
      archived_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const stages: Record<string, string> = {};
  const touchpoints: Record<string, string> = {};
  for (const stage of input.stages) {
    const stageId = newId();
    stages[stage.name] = stageId;
    await db
      .insertInto('stages')
      .values({
        id: stageId,
        organization_id: orgId,
        journey_id: journeyId,
        name: stage.name,
        description: '',
        phase: 'sales',
        position: stage.position,
      })
      .execute();
    for (const tp of stage.touchpoints) {
      const id = newId();
      touchpoints[tp.key] = id;
      await db
        .insertInto('touchpoints')
        .values({
          id,
          organization_id: orgId,
          journey_id: journeyId,
          stage_id: stageId,
          key: tp.key,
          name: tp.key,
          description: '',
          channel: 'on-site',
          provider_type: tp.providerType,
          senses_json: '[]',
          owner_team_id: null,
          archived_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  }
  return { journeyId, stages, touchpoints };
}

/** Creates customers with the given external ids. */
export async function seedCustomers(env: TTestEnv, externalIds: readonly string[]): Promise<void> {
  for (const externalId of externalIds) {
    const res = await env.as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
}

/** Posts responses to a survey in one batch. */
export async function postResponses(
  env: TTestEnv,
  surveyId: string,
  responses: Record<string, unknown>[],
): Promise<void> {
  const res = await env.as('admin', {
    method: 'POST',
    url: `/api/surveys/${surveyId}/responses/batch`,
    payload: { responses },
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** Every path in a JSON document whose number is NaN or not finite, and any "NaN" text. */
export function expectNoNaN(body: string): void {
  expect(body).not.toMatch(/NaN|Infinity/);
}
