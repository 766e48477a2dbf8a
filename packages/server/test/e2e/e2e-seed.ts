/**
 * A small organization for the browser tests, created through the services: a brand, a journey
 * with stages and touchpoints, teams, declared attributes, customers and their interactions.
 * Stands in for the demo generator (`generateDemo`) until that can seed a test database.
 */
import {
  ZAttributeKeyCreate,
  ZBrandCreate,
  ZCustomerCreate,
  ZInteractionCreate,
  ZJourneyCreate,
  ZTeamCreate,
  ZTouchpointCreate,
} from '@touchstone/core';
import { createAttributeKey } from '../../src/attribute-keys/attribute-keys.service.js';
import { systemActor, type TServiceContext } from '../../src/auth/actor.js';
import { createBrand } from '../../src/brands/brands.service.js';
import { createCustomer } from '../../src/customers/customers.service.js';
import { createInteraction } from '../../src/interactions/interactions.service.js';
import { createJourney } from '../../src/journeys/journeys.service.js';
import type { TStorage } from '../../src/storage/database.js';
import { createTeam } from '../../src/teams/teams.service.js';
import { createTouchpoint } from '../../src/touchpoints/touchpoints.service.js';
import { createUser } from '../../src/users/users.service.js';
import { TEST_PASSWORD, seedOrganization } from '../harness.js';

/** How the browser signs in to the seeded organization (as its owner, or as a viewer). */
export interface TSeededOrganization {
  organizationId: string;
  slug: string;
  email: string;
  password: string;
  viewer: { email: string; password: string };
}

const TIERS = ['blue', 'silver', 'gold'] as const;
const TRAVELLER_TYPES = ['business', 'leisure'] as const;

/** Seeds the organization; `customers` keeps the data small on a shared machine. */
export async function seedDashboardOrganization(
  storage: TStorage,
  { customers = 30 }: { customers?: number } = {},
): Promise<TSeededOrganization> {
  const org = await seedOrganization(storage, 'aurora-e2e');
  const ctx: TServiceContext = { storage, actor: systemActor(org.id, 'seed') };
  const viewer = { email: 'viewer@aurora-e2e.test', password: TEST_PASSWORD };
  await createUser(ctx, { ...viewer, name: 'Vera Viewer', role: 'viewer' });

  const lounge = await createTeam(
    ctx,
    ZTeamCreate.parse({ name: 'Lounge operations', memberIds: [org.ownerUserId] }),
  );
  const digital = await createTeam(ctx, ZTeamCreate.parse({ name: 'Digital channels' }));
  const brand = await createBrand(
    ctx,
    ZBrandCreate.parse({
      name: 'Aurora Airways',
      positioning: 'The calm way to fly between Europe and the Americas.',
      promise: { sense: 70, feel: 85, think: 40, act: 55, relate: 60 },
      promiseStatement: 'Every journey with us feels unhurried and looked after.',
      implementationTheme: 'Northern light: quiet spaces, warm service, clear information.',
    }),
  );
  const journey = await createJourney(
    ctx,
    ZJourneyCreate.parse({
      name: 'Business trip',
      description: 'From planning a trip to getting home.',
      brandId: brand.id,
      stages: [
        { name: 'Plan and book', phase: 'pre-sales' },
        { name: 'Airport', phase: 'sales' },
        { name: 'Flight', phase: 'sales' },
        { name: 'After the trip', phase: 'after-sales' },
      ],
    }),
  );
  const [plan, airport, flight, after] = journey.stages;
  if (!plan || !airport || !flight || !after) throw new Error('journey stages missing');
  const touchpoints = [
    {
      key: 'website-booking',
      name: 'Website booking',
      stageId: plan.id,
      channel: 'web',
      providerType: 'electronic-media',
      senses: ['sight'],
      ownerTeamId: digital.id,
    },
    {
      key: 'check-in-desk',
      name: 'Check-in desk',
      stageId: airport.id,
      channel: 'on-site',
      providerType: 'people',
      senses: ['sight', 'sound'],
      ownerTeamId: null,
    },
    {
      key: 'lounge-bar',
      name: 'Lounge bar',
      stageId: airport.id,
      channel: 'on-site',
      providerType: 'spatial-environment',
      senses: ['sight', 'taste', 'smell'],
      ownerTeamId: lounge.id,
    },
    {
      key: 'cabin-service',
      name: 'Cabin service',
      stageId: flight.id,
      channel: 'on-site',
      providerType: 'people',
      senses: ['taste', 'sound'],
      ownerTeamId: null,
    },
    {
      key: 'follow-up-email',
      name: 'Follow-up email',
      stageId: after.id,
      channel: 'email',
      providerType: 'communications',
      senses: ['sight'],
      ownerTeamId: digital.id,
    },
  ];
  const created = [];
  for (const t of touchpoints)
    created.push(await createTouchpoint(ctx, ZTouchpointCreate.parse(t)));

  await createAttributeKey(
    ctx,
    ZAttributeKeyCreate.parse({
      entity: 'customer',
      key: 'tier',
      label: 'Tier',
      type: 'enum',
      options: [...TIERS],
    }),
  );
  await createAttributeKey(
    ctx,
    ZAttributeKeyCreate.parse({
      entity: 'customer',
      key: 'traveller_type',
      label: 'Traveller type',
      type: 'enum',
      options: [...TRAVELLER_TYPES],
    }),
  );
  for (let i = 1; i <= customers; i++) {
    const customer = await createCustomer(
      ctx,
      ZCustomerCreate.parse({
        externalId: `AUR-${String(i).padStart(5, '0')}`,
        name: `Traveller ${i}`,
        email: `traveller${i}@example.com`,
        locale: i % 3 === 0 ? 'de' : 'en',
        emailConsent: i % 4 !== 0,
        attributes: { tier: TIERS[i % TIERS.length], traveller_type: TRAVELLER_TYPES[i % 2] },
      }),
    );
    const touchpoint = created[i % created.length];
    if (!touchpoint) continue;
    await createInteraction(
      ctx,
      ZInteractionCreate.parse({
        customerId: customer.id,
        touchpointId: touchpoint.id,
        occurredAt: new Date(Date.UTC(2026, 8, 1 + (i % 28), 9, 30)).toISOString(),
        type: 'visit',
        ...(i % 2 === 0 ? { amount: 120 + i, currency: 'EUR' } : {}),
      }),
    );
  }
  return {
    organizationId: org.id,
    slug: org.slug,
    email: org.ownerEmail,
    password: TEST_PASSWORD,
    viewer,
  };
}
