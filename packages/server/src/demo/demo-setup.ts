/**
 * Stores the demo organization's people and program (teams, attributes, brand, journey and
 * touchpoints) through the same services the API uses, so the demo obeys every rule real data
 * does.
 */
import { createAttributeKey } from '../attribute-keys/attribute-keys.service.js';
import { systemActor, type TServiceContext } from '../auth/actor.js';
import { createBrand } from '../brands/brands.service.js';
import { AppError } from '@touchstone/core';
import { createJourney } from '../journeys/journeys.service.js';
import { findOrganizationBySlug } from '../organizations/organizations.repository.js';
import { createOrganization } from '../organizations/organizations.service.js';
import type { TServices } from '../composition/services.js';
import { createTeam } from '../teams/teams.service.js';
import { createTouchpoint } from '../touchpoints/touchpoints.service.js';
import { createAccountWithMembership, ensureAccount } from '../users/users.service.js';
import {
  AURORA_ATTRIBUTE_KEYS,
  AURORA_BRAND,
  AURORA_JOURNEY,
  AURORA_TEAMS,
  DEMO_ORGANIZATION,
  DEMO_PASSWORD,
  DEMO_USERS,
  STAGE_INDEX,
} from './aurora-model.js';
import { AURORA_TOUCHPOINTS } from './aurora-touchpoints.js';

/** What the program part of the demo stored. */
export interface TDemoModelCounts {
  users: number;
  teams: number;
  attributeKeys: number;
  brands: number;
  journeys: number;
  stages: number;
  touchpoints: number;
}

/**
 * Creates the demo organization with its owner, analyst and agent; refuses when the slug is taken,
 * because loading the demo twice into one database would mix two histories.
 */
export async function createDemoOrganization(
  services: TServices,
): Promise<{ ctx: TServiceContext; agentUserId: string; ownerUserId: string }> {
  const { storage } = services;
  const { slug, name } = DEMO_ORGANIZATION;
  if (await findOrganizationBySlug(storage.db, slug)) {
    throw new AppError(
      'conflict',
      `the demo organization "${slug}" already exists in this database; ` +
        'use another database (--database) or delete that organization first',
    );
  }
  const [owner, ...others] = DEMO_USERS;
  const { userId } = await ensureAccount(storage.db, { ...owner, password: DEMO_PASSWORD });
  const org = await createOrganization(storage, { name, slug }, userId);
  const memberIds = await storage.db.transaction().execute(async (trx) => {
    const ids = new Map<string, string>();
    for (const user of others) {
      const id = await createAccountWithMembership(trx, org.id, {
        ...user,
        password: DEMO_PASSWORD,
      });
      ids.set(user.role, id);
    }
    return ids;
  });
  return {
    ctx: { storage, actor: systemActor(org.id, 'system:demo'), services },
    agentUserId: memberIds.get('agent') ?? '',
    ownerUserId: userId,
  };
}

/** Stores teams (the agent in Customer care), attribute keys, brand, journey and touchpoints. */
export async function createDemoModel(
  ctx: TServiceContext,
  agentUserId: string,
): Promise<TDemoModelCounts> {
  const teamIds = new Map<string, string>();
  for (const team of AURORA_TEAMS) {
    const memberIds = team.name === 'Customer care' ? [agentUserId] : [];
    const created = await createTeam(ctx, { ...team, memberIds });
    teamIds.set(team.name, created.id);
  }
  for (const key of AURORA_ATTRIBUTE_KEYS) await createAttributeKey(ctx, key);
  const brand = await createBrand(ctx, AURORA_BRAND);
  const journey = await createJourney(ctx, { ...AURORA_JOURNEY, brandId: brand.id });
  for (const { stage, team, senses, ...touchpoint } of AURORA_TOUCHPOINTS) {
    const stageId = journey.stages[STAGE_INDEX[stage]]?.id;
    if (stageId === undefined) throw new Error(`the demo journey has no stage ${stage}`);
    await createTouchpoint(ctx, {
      ...touchpoint,
      senses: [...senses],
      stageId,
      ownerTeamId: teamIds.get(team) ?? null,
    });
  }
  return {
    users: DEMO_USERS.length,
    teams: AURORA_TEAMS.length,
    attributeKeys: AURORA_ATTRIBUTE_KEYS.length,
    brands: 1,
    journeys: 1,
    stages: journey.stages.length,
    touchpoints: AURORA_TOUCHPOINTS.length,
  };
}
