/**
 * The real server for the closed-loop browser test: a fresh database (SQLite, or PostgreSQL when
 * the tests have one) with one small organization (no demo), serving both the dashboard and the respondent pages on loopback, with
 * a job pump that runs the durable jobs (e-mail, webhooks, SLA checks) as a server would.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { TConfig } from '../../src/config.js';
import type { TProcessServices } from '../../src/composition/create-services.js';
import { buildApp } from '../../src/http/app.js';
import { createSmtpMailer } from '../../src/invitations/mailer.js';
import { JobWorker } from '../../src/jobs/job-worker.js';
import { buildJobRegistry } from '../../src/jobs/server-worker.js';
import type { TStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { WEB_DIST } from '../e2e/dashboard-server.js';
import { seedOrganization, testServices, type TTestDatabase, type TTestOrg } from '../harness.js';

export type TMethod = 'GET' | 'POST' | 'PATCH' | 'PUT';

/** A request through the API: the parsed body, or an error naming the call and its answer. */
export type TApiCall = <T>(method: TMethod, url: string, payload?: object) => Promise<T>;

export interface TLoopServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  app: FastifyInstance;
  storage: TStorage;
  services: TProcessServices;
  org: TTestOrg;
  /** The organization's owner, by API key. */
  api: TApiCall;
  /** Creates a person who signs in with a password; returns their id and their own API calls. */
  person(
    email: string,
    name: string,
    role: 'agent' | 'analyst' | 'admin',
  ): Promise<{ id: string; email: string; password: string; api: TApiCall }>;
  /** A worker of every job kind the server knows, e-mailing through the given SMTP server. */
  worker(now?: () => Date): JobWorker;
  /** Runs due jobs until stopped, the way a server's background worker does. */
  startPump(): { stop(): Promise<void> };
  close(): Promise<void>;
}

const PASSWORD = 'a long enough password for e2e';
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * Builds the dashboard and the respondent scripts when their sources are newer. In a child
 * process awaited, not a synchronous one: a build of a minute would otherwise stall the test
 * worker's event loop until vitest reports its own messages as timed out.
 */
async function buildIfStale(): Promise<void> {
  await promisify(execFile)('node', ['scripts/build-web-if-stale.mjs'], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const built of ['packages/web/dist/index.html', 'packages/widget/dist/widget.js']) {
    if (!fs.existsSync(path.join(REPO_ROOT, built))) throw new Error(`${built} was not built`);
  }
}

function caller(app: FastifyInstance, headers: Record<string, string>): TApiCall {
  return async <T>(method: TMethod, url: string, payload?: object) => {
    const options: InjectOptions = { method, url, headers, ...(payload && { payload }) };
    const res = await app.inject(options);
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return (res.body === '' ? null : res.json()) as T;
  };
}

/**
 * Opens a fresh database (a SQLite file, or a PostgreSQL schema of its own), seeds the
 * organization's owner and keys, and listens on loopback.
 */
export async function startLoopServer(
  database: TTestDatabase,
  config: Partial<TConfig>,
): Promise<TLoopServer> {
  await buildIfStale();
  const storage = await database.open();
  try {
    await migrateToLatest(storage.db, storage.pgSchema);
    const org = await seedOrganization(storage, 'loop-e2e');
    const services = await testServices(storage, { config: { webRoot: WEB_DIST, ...config } });
    const app = await buildApp({ services, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    const smtpUrl = services.config.smtpUrl;
    if (smtpUrl === null) throw new Error('the loop server needs an SMTP server');
    const mailer = createSmtpMailer(smtpUrl, services.config.mailFrom);
    const worker = (now?: () => Date) =>
      new JobWorker(storage, buildJobRegistry(services.config, mailer), {
        workerId: 'loop-e2e',
        backoff: { baseMs: 200, maxMs: 2000 },
        pollMs: 20,
        ...(now && { now }),
      });
    const api = caller(app, { authorization: `Bearer ${org.keys.owner}` });
    return {
      url: `http://127.0.0.1:${address.port}`,
      app,
      storage,
      services,
      org,
      api,
      async person(email, name, role) {
        const { id } = await api<{ id: string }>('POST', '/api/users', {
          email,
          name,
          role,
          password: PASSWORD,
        });
        const signIn = await app.inject({
          method: 'POST',
          url: '/api/auth/sign-in',
          payload: { email, password: PASSWORD, organizationSlug: org.slug },
        });
        if (signIn.statusCode !== 200) throw new Error(`sign in ${email}: ${signIn.body}`);
        const cookie = signIn.cookies.find((c) => c.name === 'ts_session');
        if (cookie === undefined) throw new Error(`no session cookie for ${email}`);
        const csrf = signIn.json<{ csrfToken: string }>().csrfToken;
        return {
          id,
          email,
          password: PASSWORD,
          api: caller(app, { cookie: `ts_session=${cookie.value}`, 'x-csrf-token': csrf }),
        };
      },
      worker,
      startPump() {
        const pump = worker();
        pump.start();
        return { stop: () => pump.stop() };
      },
      close: async () => {
        await app.close();
        await services.close();
        mailer.close();
        await storage.drop();
      },
    };
  } catch (error) {
    await storage.drop();
    throw error;
  }
}
