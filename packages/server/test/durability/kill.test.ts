/**
 * Killing the server during a load never loses an acknowledged response: the real server runs
 * as a child process on a SQLite file, takes concurrent submissions, is killed with SIGKILL
 * mid-load, and restarts on the same file, where every response that got a 201 must be, once.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/auth/actor.js';
import { openStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { createSurvey, updateSurvey } from '../../src/surveys/surveys.service.js';
import { seedOrganization, testServices } from '../harness.js';
import { exited, freePort, startServeProcess } from '../support/server-process.js';

const IN_FLIGHT = 20;
const TOTAL = 2_000;
const KILL_AFTER = 800;

function startServer(database: string, port: number): ChildProcess {
  return startServeProcess(database, port);
}
async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become healthy');
}

describe('durability', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-kill-'));
  const database = path.join(dir, 'kill.db');
  const children: ChildProcess[] = [];

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'keeps every acknowledged response through a SIGKILL mid-load',
    { timeout: 180_000 },
    async () => {
      const setup = await openStorage(database);
      await migrateToLatest(setup.db);
      const org = await seedOrganization(setup, 'durable');
      const ctx = {
        storage: setup,
        actor: systemActor(org.id),
        services: await testServices(setup, { start: false }),
      };
      const survey = await createSurvey(ctx, {
        name: 'Durable',
        kind: 'custom',
        touchpointIds: [],
        brandId: null,
        definition: {
          defaultLanguage: 'en',
          languages: ['en'],
          title: { en: 'NPS' },
          thankYou: { en: 'Thanks' },
          questions: [{ id: 'nps', type: 'nps', required: true, text: { en: 'Recommend?' } }],
          hiddenFields: [],
          showProgress: true,
        },
      });
      await updateSurvey(ctx, survey.id, { status: 'live' });
      await setup.close();

      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const server = startServer(database, port);
      children.push(server);
      await waitForHealth(base, server);

      const acknowledged = new Map<string, string>(); // idempotency key -> response id
      let next = 0;
      let killed = false;
      const worker = async () => {
        while (next < TOTAL) {
          const n = next++;
          const key = `kill-test-${String(n).padStart(6, '0')}`;
          try {
            const res = await fetch(`${base}/api/surveys/${survey.id}/responses`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${org.keys.admin}`,
                'content-type': 'application/json',
              },
              body: JSON.stringify({ answers: { nps: n % 11 }, idempotencyKey: key }),
            });
            if (res.status === 201) {
              acknowledged.set(key, ((await res.json()) as { id: string }).id);
              if (!killed && acknowledged.size >= KILL_AFTER) {
                killed = true;
                server.kill('SIGKILL');
              }
            } else {
              await res.body?.cancel();
            }
          } catch {
            // The server is gone: requests in flight were never acknowledged.
            if (killed) return;
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      await exited(server);
      expect(killed).toBe(true);
      expect(server.signalCode).toBe('SIGKILL');
      expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
      // The kill came mid-load: submissions were still being sent when it happened.
      expect(next).toBeLessThan(TOTAL);

      const restarted = startServer(database, port);
      children.push(restarted);
      await waitForHealth(base, restarted);
      const after = await fetch(`${base}/api/surveys/${survey.id}/responses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${org.keys.admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ answers: { nps: 10 } }),
      });
      expect(after.status).toBe(201);

      const check = await openStorage(database);
      try {
        const rows = await check.db
          .selectFrom('responses')
          .select(['id', 'idempotency_key'])
          .where('survey_id', '=', survey.id)
          .execute();
        const idsByKey = new Map<string, string[]>();
        for (const row of rows) {
          const list = idsByKey.get(row.idempotency_key ?? '') ?? [];
          list.push(row.id);
          idsByKey.set(row.idempotency_key ?? '', list);
        }
        const lost = [...acknowledged].filter(([key, id]) => idsByKey.get(key)?.join() !== id);
        expect(lost).toEqual([]);
        const values = await check.db
          .selectFrom('response_values')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('survey_id', '=', survey.id)
          .executeTakeFirstOrThrow();
        // Each stored response has its one value: no response is half-written.
        expect(Number(values.n)).toBe(rows.length);
      } finally {
        await check.close();
      }
      restarted.kill('SIGTERM');
      await exited(restarted);
    },
  );
});
