/** The real server, in-process on a loopback port, serving the built dashboard and the API. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { systemActor } from '../../src/auth/actor.js';
import type { TConfig } from '../../src/config.js';
import { generateDemo } from '../../src/demo/demo.service.js';
import { buildApp } from '../../src/http/app.js';
import type { TStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { createUser } from '../../src/users/users.service.js';
import type { TServices } from '../../src/composition/services.js';
import { TEST_DATABASES, testServices, type TTestDatabase } from '../harness.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
/** Where `npm run build -w @touchstone/web` writes the dashboard. */
export const WEB_DIST = path.join(REPO_ROOT, 'packages/web/dist');

/** Builds the dashboard when no build exists (a fresh checkout); an existing build is reused. */
export function ensureWebBuild(): void {
  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) return;
  execFileSync('npm', ['run', 'build', '-w', '@touchstone/web'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
}

/** A sign-in of the seeded organization. */
export interface TLogin {
  email: string;
  password: string;
}

/** The demo organization, signed in to as its owner or as a viewer. */
export interface TSeededOrganization extends TLogin {
  organizationId: string;
  slug: string;
  viewer: TLogin;
}

/** The demo organization (small: 200 customers, 3 months) plus a viewer, whom the demo lacks. */
async function seedDemo(services: TServices): Promise<TSeededOrganization> {
  const demo = await generateDemo(services, { customers: 200, months: 3, seed: 1 });
  const viewer = { email: 'viewer@touchstone.local', password: demo.password };
  await createUser(
    { storage: services.storage, actor: systemActor(demo.organizationId, 'e2e'), services },
    { ...viewer, name: 'Vera Viewer', role: 'viewer' },
  );
  return {
    organizationId: demo.organizationId,
    slug: demo.slug,
    email: demo.email,
    password: demo.password,
    viewer,
  };
}

export interface TDashboardServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  app: FastifyInstance;
  storage: TStorage;
  org: TSeededOrganization;
  close(): Promise<void>;
}

/**
 * Opens a fresh database (a SQLite file unless `database` says otherwise: a PostgreSQL schema of
 * its own), seeds it, and listens on a free loopback port; `config` adds settings (an SMTP server
 * for e-mail campaigns, say).
 */
export async function startDashboardServer(
  config: Partial<TConfig> = {},
  database: TTestDatabase = sqliteDatabase(),
): Promise<TDashboardServer> {
  ensureWebBuild();
  const storage = await database.open();
  try {
    await migrateToLatest(storage.db, storage.pgSchema);
    const services = await testServices(storage, { config: { webRoot: WEB_DIST, ...config } });
    const org = await seedDemo(services);
    const app = await buildApp({ services, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    return {
      url: `http://127.0.0.1:${address.port}`,
      app,
      storage,
      org,
      close: async () => {
        await app.close();
        await services.close();
        await storage.drop();
      },
    };
  } catch (error) {
    await storage.drop();
    throw error;
  }
}

function sqliteDatabase(): TTestDatabase {
  const sqlite = TEST_DATABASES.find((d) => d.dialect === 'sqlite');
  if (sqlite === undefined) throw new Error('the test databases have no SQLite');
  return sqlite;
}
