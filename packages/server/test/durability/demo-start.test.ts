/**
 * The quick start's promise for acting on feedback: on the demo started as `npm start` starts it
 * (`touchstone serve --demo` on a fresh database), a detractor response posted to a survey's
 * public endpoint is a case, listed by `GET /api/cases` and naming that response, within 10 s.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, freePort, startServeProcess } from '../support/server-process.js';

const CASE_WITHIN_MS = 10_000;

describe('the demo as npm start serves it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-demo-start-'));
  let server: ChildProcess | undefined;

  afterAll(async () => {
    if (server !== undefined && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await exited(server);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'turns a detractor posted to the public endpoint into a case within 10 s',
    { timeout: 600_000 },
    async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      server = startServeProcess(path.join(dir, 'demo.db'), port, { LOG_LEVEL: 'fatal' }, [
        '--demo',
      ]);
      const deadline = Date.now() + 540_000;
      for (;;) {
        const ok = await fetch(`${base}/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (Date.now() > deadline || server.exitCode !== null)
          throw new Error('the demo server did not start');
        await new Promise((r) => setTimeout(r, 500));
      }
      const signIn = await fetch(`${base}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'demo@touchstone.local', password: 'touchstone-demo' }),
      });
      expect(signIn.status).toBe(200);
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

      const posted = Date.now();
      const submit = await fetch(`${base}/api/public/surveys/aurora-airport/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          touchpointKey: 'lounge-bar',
          answers: {
            csat: 1,
            experience: { sense: 1, feel: 1, think: 2, act: 2, relate: 1 },
            nps: 1,
            comment: 'The bar had run out of everything and nobody came to help.',
          },
        }),
      });
      expect(submit.status, await submit.clone().text()).toBe(201);
      const { id } = (await submit.json()) as { id: string };

      let found: { items: { responseId: string | null; teamName: string | null }[] } = {
        items: [],
      };
      while (Date.now() - posted < CASE_WITHIN_MS) {
        const res = await fetch(`${base}/api/cases?response=${id}`, { headers: { cookie } });
        expect(res.status).toBe(200);
        found = (await res.json()) as typeof found;
        if (found.items.length > 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(found.items, `no case for response ${id} within ${CASE_WITHIN_MS} ms`).toHaveLength(1);
      expect(found.items[0]?.responseId).toBe(id);
      // The lounge bar's owners, as the rule says: the touchpoint's team.
      expect(found.items[0]?.teamName).toBe('Lounges');
    },
  );
});
