/**
 * An import whose server is killed midway: the real server takes an interaction file with an
 * import id, is killed with SIGKILL while storing it, and on restart marks the import
 * interrupted with what it had noted; the same file sent again with the same id completes it
 * with every row once, rows without external ids included.
 */
import type { TImport, TImportResult } from '@touchstone/core';
import { expect, it } from 'vitest';
import { importCustomers } from '../../src/imports/imports.service.js';
import { startServeProcess, waitFor } from '../support/server-process.js';
import { seedTouchpoints } from '../support/touchpoint-fixtures.js';
import { describeKillSuite, type TLaunch } from './child-process.js';

const ROWS = 60_000;

/** Interactions without external ids over customers c-0..9, one NDJSON line each. */
function interactionLines(): string[] {
  return Array.from({ length: ROWS }, (_, i) =>
    JSON.stringify({
      customerExternalId: `c-${i % 10}`,
      touchpoint: 'lounge',
      occurredAt: `2026-03-${String((i % 28) + 1).padStart(2, '0')}T09:00:00Z`,
      type: 'visit',
      amount: i % 50,
      currency: 'EUR',
    }),
  );
}

const quietServer: TLaunch = (database, port) =>
  startServeProcess(database, port, { LOG_LEVEL: 'fatal' });

describeKillSuite('an import through a SIGKILL', (env) => {
  it(
    'is interrupted after a restart and resumed by its id, every row once',
    { timeout: 240_000 },
    async () => {
      const { base } = env();
      const { org } = await env().seed('import-kill', async (ctx, seeded) => {
        await seedTouchpoints(ctx.storage, seeded.id, ['lounge']);
        const customers = Array.from({ length: 10 }, (_, i) => `c-${i}`).join('\n');
        await importCustomers(ctx, [`externalId\n${customers}\n`], 'csv');
        return {};
      });

      const headers = {
        authorization: `Bearer ${org.keys.admin}`,
        'content-type': 'application/x-ndjson',
        'import-id': 'nightly-visits',
      };
      const server = await env().start(quietServer);

      // The file is sent slowly, so that the import runs long enough to note what it stored,
      // and no more of it once it has: the kill comes midway.
      const lines = interactionLines();
      const encoder = new TextEncoder();
      let sent = 0;
      let hold = false;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          while (hold) await new Promise((resolve) => setTimeout(resolve, 1000));
          if (sent >= lines.length) return controller.close();
          const part = lines.slice(sent, sent + 500);
          sent += part.length;
          controller.enqueue(encoder.encode(`${part.join('\n')}\n`));
        },
      });
      const request = fetch(`${base}/api/import/interactions`, {
        method: 'POST',
        headers,
        body,
        duplex: 'half',
      }).catch(() => null);
      let noted: TImport | undefined;
      await waitFor(
        'an import that noted stored rows',
        async () => {
          const res = await fetch(`${base}/api/imports?kind=interactions`, { headers });
          noted = ((await res.json()) as { items: TImport[] }).items[0];
          hold = (noted?.stored ?? 0) > 0;
          return hold;
        },
        120_000,
      );
      server.kill();
      await server.exited();
      expect(await request).toBeNull();
      expect(sent).toBeLessThan(ROWS);

      const restarted = await env().start(quietServer);
      const id = noted?.id ?? '';
      const stopped = (await (
        await fetch(`${base}/api/imports/${id}`, { headers })
      ).json()) as TImport;
      expect(stopped.status).toBe('interrupted');
      expect(stopped.stored).toBeGreaterThan(0);
      expect(stopped.stored).toBe(stopped.rows);

      const again = await fetch(`${base}/api/import/interactions`, {
        method: 'POST',
        headers,
        body: `${lines.join('\n')}\n`,
      });
      expect(again.status).toBe(200);
      const result = (await again.json()) as TImportResult;
      expect(result).toMatchObject({ importId: id, rows: ROWS, skipped: stopped.throughRow });
      const done = (await (
        await fetch(`${base}/api/imports/${id}`, { headers })
      ).json()) as TImport;
      expect(done).toMatchObject({ status: 'completed', rows: ROWS, stored: ROWS, failed: 0 });
      await restarted.stop();

      const row = await env().read((db) =>
        db
          .selectFrom('interactions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organization_id', '=', org.id)
          .executeTakeFirstOrThrow(),
      );
      expect(Number(row.n)).toBe(ROWS);
    },
  );
});
