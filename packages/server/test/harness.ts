/**
 * Test environments on every database: each suite gets a fresh SQLite file and, when
 * TOUCHSTONE_TEST_PG_URL is set, a fresh PostgreSQL schema; both run the same assertions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROLES, type TRole } from '@touchstone/core';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe } from 'vitest';
import { insertNewApiKey } from '../src/api-keys/api-keys.service.js';
import { ZConfig, type TConfig } from '../src/config.js';
import {
  createServices,
  type TProcessServices,
  type TServiceOptions,
} from '../src/composition/create-services.js';
import { buildApp } from '../src/http/app.js';
import { createOrganization } from '../src/organizations/organizations.service.js';
import { openStorage, type TDialectName, type TStorage } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { ensureAccount } from '../src/users/users.service.js';

export const PG_URL = process.env['TOUCHSTONE_TEST_PG_URL'];

export interface TTestDatabase {
  dialect: TDialectName;
  open(): Promise<TStorage & { drop(): Promise<void> }>;
}

/** SQLite always; PostgreSQL when TOUCHSTONE_TEST_PG_URL is set. */
export const TEST_DATABASES: TTestDatabase[] = [
  {
    dialect: 'sqlite',
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-test-'));
      const storage = await openStorage(path.join(dir, 'test.db'));
      return {
        ...storage,
        drop: async () => {
          await storage.close();
          // A writer thread may still be removing its WAL files as the directory goes: retry.
          fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
        },
      };
    },
  },
  ...(PG_URL
    ? [
        {
          dialect: 'postgres' as const,
          async open() {
            const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
            const url = PG_URL;
            const storage = await openStorage(url, { pgSchema: schema, pgPoolSize: 4 });
            return {
              ...storage,
              drop: async () => {
                await storage.pool?.query(`DROP SCHEMA ${schema} CASCADE`);
                await storage.close();
              },
            };
          },
        },
      ]
    : []),
];

export function testConfig(databaseUrl: string, overrides: Partial<TConfig> = {}): TConfig {
  return ZConfig.parse({ databaseUrl, logLevel: 'silent', ...overrides });
}

const SILENT_LOG = { error: () => undefined, warn: () => undefined };

/**
 * The services of a test process on an open database, built by the composition root as the
 * server builds its own; `start` (the default) also starts delivering events. Closing them
 * leaves the database open.
 */
export async function testServices(
  storage: TStorage,
  options: TServiceOptions & { config?: Partial<TConfig>; start?: boolean } = {},
): Promise<TProcessServices> {
  const { config, start, ...rest } = options;
  const services = await createServices(testConfig(storage.dialect, config), {
    ...rest,
    storage,
  });
  if (start !== false) await services.start({ log: SILENT_LOG });
  return services;
}

/** A test organization: its id and, per role, an API key secret. */
export interface TTestOrg {
  id: string;
  slug: string;
  ownerUserId: string;
  ownerEmail: string;
  keys: Record<TRole, string>;
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** Creates an organization with an owner (password TEST_PASSWORD) and one API key per role. */
export async function seedOrganization(storage: TStorage, slug: string): Promise<TTestOrg> {
  const ownerEmail = `owner@${slug}.test`;
  const { userId } = await ensureAccount(storage.db, {
    email: ownerEmail,
    name: `Owner of ${slug}`,
    password: TEST_PASSWORD,
  });
  const org = await createOrganization(storage, { name: `Org ${slug}`, slug }, userId);
  const keys = {} as Record<TRole, string>;
  for (const role of ROLES) {
    const { secret } = await insertNewApiKey(
      storage.db,
      org.id,
      { name: `${role} key`, role },
      null,
    );
    keys[role] = secret;
  }
  return { id: org.id, slug, ownerUserId: userId, ownerEmail, keys };
}

/** A running app on one database with two organizations, A and B. */
export interface TTestEnv {
  dialect: TDialectName;
  storage: TStorage;
  services: TProcessServices;
  app: FastifyInstance;
  orgA: TTestOrg;
  orgB: TTestOrg;
  /** Sends a request with the API key of a role in org A (or the given org). */
  as(role: TRole, options: InjectOptions, org?: TTestOrg): Promise<LightMyRequestResponse>;
}

export async function createTestEnv(
  database: TTestDatabase,
  overrides: Partial<TConfig> = {},
): Promise<TTestEnv & { close(): Promise<void> }> {
  const storage = await database.open();
  await migrateToLatest(storage.db, storage.pgSchema);
  const services = await testServices(storage, { config: overrides });
  const app = await buildApp({ services, logger: false });
  await app.ready();
  const orgA = await seedOrganization(storage, 'org-a');
  const orgB = await seedOrganization(storage, 'org-b');
  return {
    dialect: database.dialect,
    storage,
    services,
    app,
    orgA,
    orgB,
    as: (role, options, org = orgA) =>
      app.inject({
        ...options,
        headers: { ...options.headers, authorization: `Bearer ${org.keys[role]}` },
      }),
    close: async () => {
      await app.close();
      await services.close();
      await storage.drop();
    },
  };
}

/**
 * Declares the same suite once per database (`title [sqlite]`, `title [postgres]`); the callback
 * reads its environment through `env()` inside tests.
 */
export function describeEachDatabase(
  title: string,
  suite: (env: () => TTestEnv) => void,
  overrides: Partial<TConfig> = {},
): void {
  for (const database of TEST_DATABASES) {
    describe(`${title} [${database.dialect}]`, () => {
      let current: (TTestEnv & { close(): Promise<void> }) | undefined;
      beforeAll(async () => {
        current = await createTestEnv(database, overrides);
      });
      afterAll(async () => {
        await current?.close();
      });
      suite(() => {
        if (!current) throw new Error('test environment not ready');
        return current;
      });
    });
  }
}
