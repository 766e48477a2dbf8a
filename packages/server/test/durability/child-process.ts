/**
 * The kill tests' scaffolding: per engine (a SQLite file always, a fresh PostgreSQL schema when
 * TOUCHSTONE_TEST_PG_URL is set) one database that server child processes share, a temp dir,
 * and a port; children started and waited for until healthy, killed with SIGKILL, restarted,
 * and all ended, the schema dropped and the dir removed after the suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { systemActor, type TServiceContext } from '../../src/auth/actor.js';
import type { TConfig } from '../../src/config.js';
import { openStorage, type TDialectName, type TStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { PG_URL, seedOrganization, testServices, type TTestOrg } from '../harness.js';
import { exited, freePort, REPO_ROOT, startServeProcess } from '../support/server-process.js';

/** Starts a server child process on a database (as a child is given it) and a port. */
export type TLaunch = (database: string, port: number) => ChildProcess;

/** A server child process that answered its health check. */
export interface TServerChild {
  process: ChildProcess;
  /** Sends SIGKILL; `exited()` tells when it is gone. */
  kill: () => void;
  exited: () => Promise<void>;
  /** Sends SIGTERM and waits for the exit. */
  stop: () => Promise<void>;
}

/** One engine's run of a kill suite. */
export interface TKillEnv {
  dialect: TDialectName;
  /** A temp dir of the suite's own, removed after it. */
  dir: string;
  /** `http://127.0.0.1:<port>`, the same for every child of the suite. */
  base: string;
  /**
   * Migrates the database, seeds organization `slug` and hands `fill` a system context on it
   * (services built, not started, with `config`); closes both after.
   */
  seed: <T extends object>(
    slug: string,
    fill: (ctx: TServiceContext, org: TTestOrg) => Promise<T>,
    config?: Partial<TConfig>,
  ) => Promise<T & { org: TTestOrg }>;
  /** Runs `query` on a handle of its own on the database, closed after. */
  read: <T>(query: (db: TStorage['db']) => Promise<T>) => Promise<T>;
  /** Starts a child with `launch` (`touchstone serve` by default) and waits until it is healthy. */
  start: (launch?: TLaunch) => Promise<TServerChild>;
}

interface TEngine {
  dialect: TDialectName;
  /** The database as a child process is given it, and a way to open it here. */
  create(dir: string): { url: string; open(): Promise<TStorage>; drop(): Promise<void> };
}

/** The URL of `schema` on a PostgreSQL server: every connection of a process searches it first. */
export function schemaUrl(url: string, schema: string): string {
  const options = encodeURIComponent(`-c search_path=${schema}`);
  return `${url}${url.includes('?') ? '&' : '?'}options=${options}`;
}

const ENGINES: TEngine[] = [
  {
    dialect: 'sqlite',
    create(dir) {
      const file = path.join(dir, 'kill.db');
      return { url: file, open: () => openStorage(file), drop: () => Promise.resolve() };
    },
  },
  ...(PG_URL === undefined
    ? []
    : [
        {
          dialect: 'postgres' as const,
          create() {
            const url = PG_URL ?? '';
            const schema = `kill_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
            return {
              url: schemaUrl(url, schema),
              open: () => openStorage(url, { pgSchema: schema, pgPoolSize: 2 }),
              drop: async () => {
                const storage = await openStorage(url);
                await storage.pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
                await storage.close();
              },
            };
          },
        },
      ]),
];

const HEALTHY_WITHIN_MS = 90_000;

/** Waits for the child's `/health`, failing at once (with its stderr) if it exits first. */
async function waitHealthy(base: string, child: ChildProcess, stderr: () => string) {
  const deadline = Date.now() + HEALTHY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited with ${child.exitCode ?? child.signalCode}: ${stderr()}`);
    }
    const ok = await fetch(`${base}/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not become healthy: ${stderr()}`);
}

/**
 * Declares the suite once per engine (`title [sqlite]`, `title [postgres]`); the callback reads
 * its run through `env()` inside tests.
 */
export function describeKillSuite(title: string, suite: (env: () => TKillEnv) => void): void {
  for (const engine of ENGINES) {
    describe(`${title} [${engine.dialect}]`, () => {
      const children: ChildProcess[] = [];
      let dir = '';
      let database: ReturnType<TEngine['create']> | undefined;
      let current: TKillEnv | undefined;

      beforeAll(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-kill-'));
        const db = engine.create(dir);
        database = db;
        const port = await freePort();
        const base = `http://127.0.0.1:${port}`;
        current = {
          dialect: engine.dialect,
          dir,
          base,
          async seed(slug, fill, config) {
            const storage = await db.open();
            try {
              await migrateToLatest(storage.db, storage.pgSchema);
              const org = await seedOrganization(storage, slug);
              const services = await testServices(storage, { start: false, config });
              try {
                return {
                  ...(await fill({ storage, actor: systemActor(org.id), services }, org)),
                  org,
                };
              } finally {
                await services.close();
              }
            } finally {
              await storage.close();
            }
          },
          async read(query) {
            const storage = await db.open();
            try {
              return await query(storage.db);
            } finally {
              await storage.close();
            }
          },
          async start(launch = startServeProcess) {
            const child = launch(db.url, port);
            children.push(child);
            let stderr = '';
            child.stderr?.setEncoding('utf8');
            child.stderr?.on('data', (chunk: string) => {
              stderr = (stderr + chunk).slice(-4_000);
            });
            await waitHealthy(base, child, () => stderr);
            return {
              process: child,
              kill: () => child.kill('SIGKILL'),
              exited: () => exited(child),
              stop: async () => {
                child.kill('SIGTERM');
                await exited(child);
              },
            };
          },
        };
      });

      afterAll(async () => {
        for (const child of children) {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited(child);
        }
        await database?.drop();
        // A writer thread may still be removing its WAL files as the directory goes: retry.
        fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
      });

      suite(() => {
        if (current === undefined) throw new Error('kill suite not ready');
        return current;
      });
    });
  }
}

const EVENT_RECORDING_SERVER = path.resolve(
  import.meta.dirname,
  '../support/event-recording-server.ts',
);

/**
 * The real server with a durable subscriber that records every event in `record`, sleeping
 * `delayMsPerEvent` per event (run through tsx's loader).
 */
export function eventRecordingServer(record: string, delayMsPerEvent: number): TLaunch {
  return (database, port) =>
    spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        EVENT_RECORDING_SERVER,
        ...['--database', database, '--port', String(port), '--record', record],
        ...['--delay-ms-per-event', String(delayMsPerEvent)],
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    );
}

/** Posts a response to a survey on the running server with the organization's admin key. */
export function postResponse(
  base: string,
  org: TTestOrg,
  surveyId: string,
  body: Record<string, unknown>,
): Promise<Response> {
  return fetch(`${base}/api/surveys/${surveyId}/responses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${org.keys.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
