/** The real server, in-process on a loopback port, serving the built dashboard and the API. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { openStorage, type TStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { testConfig } from '../harness.js';
import { seedDashboardOrganization, type TSeededOrganization } from './e2e-seed.js';

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

export interface TDashboardServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  app: FastifyInstance;
  storage: TStorage;
  org: TSeededOrganization;
  close(): Promise<void>;
}

/** Opens a fresh SQLite database, seeds it, and listens on a free loopback port. */
export async function startDashboardServer(): Promise<TDashboardServer> {
  ensureWebBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-e2e-'));
  const dbPath = path.join(dir, 'e2e.db');
  const storage = await openStorage(dbPath);
  try {
    await migrateToLatest(storage.db);
    const org = await seedDashboardOrganization(storage);
    const app = await buildApp({
      storage,
      config: testConfig(dbPath, { webRoot: WEB_DIST }),
      logger: false,
    });
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
        await storage.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
