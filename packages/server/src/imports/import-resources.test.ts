import { spawnSync } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { newId, type TImport, type TImportResult } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TTestEnv } from '../../test/harness.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import {
  countRows,
  createSurvey,
  loungeSurveyDefinition,
} from '../../test/support/survey-fixtures.js';
import { markAbandonedImports } from './import-resources.service.js';

const NDJSON = 'application/x-ndjson';
const CSV = 'text/csv';

async function count(env: TTestEnv, table: 'customers' | 'interactions') {
  const row = await env.storage.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organization_id', '=', env.orgA.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function post(env: TTestEnv, what: string, payload: string | Buffer | Readable, headers = {}) {
  return env.as('admin', {
    method: 'POST',
    url: `/api/import/${what}`,
    headers: { 'content-type': what === 'customers' ? CSV : NDJSON, ...headers },
    payload,
  });
}

async function getImport(env: TTestEnv, id: string): Promise<TImport> {
  const res = await env.as('admin', { method: 'GET', url: `/api/imports/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<TImport>();
}

/** Reads until `ok` holds of what it read (or fails after 30 s). */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Interactions without external ids (so without keys of their own), over customers c-0..9. */
function interactionsFile(rows: number): Buffer {
  const lines = Array.from({ length: rows }, (_, i) =>
    JSON.stringify({
      customerExternalId: `c-${i % 10}`,
      touchpoint: 'lounge',
      occurredAt: `2026-02-${String((i % 28) + 1).padStart(2, '0')}T09:00:00Z`,
      type: i === 7 ? '' : 'visit',
      amount: i % 100,
      currency: 'EUR',
    }),
  );
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** Marks an import as a killed process leaves it: running, its last counts lost. */
async function loseProgress(env: TTestEnv, id: string) {
  await env.storage.db
    .updateTable('imports')
    .set({
      status: 'interrupted',
      through_row: 0,
      rows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      failed: 0,
      errors_json: '[]',
    })
    .where('id', '=', id)
    .execute();
}

describeEachDatabase('imports as resources', (env) => {
  let port = 0;

  beforeAll(async () => {
    await seedTouchpoints(env().storage, env().orgA.id, ['lounge']);
    const customers = Array.from({ length: 10 }, (_, i) => `c-${i}`).join('\n');
    const res = await post(env(), 'customers', `externalId\n${customers}\n`);
    expect(res.statusCode, res.body).toBe(200);
    await env().app.listen({ port: 0, host: '127.0.0.1' });
    port = (env().app.server.address() as AddressInfo).port;
  });

  it('a client that stops midway leaves an interrupted import; the file sent again resumes it', async () => {
    const file = interactionsFile(24_000);
    const before = await count(env(), 'interactions');
    // Sends about 60% of the file, waits until the server has read it, then goes away.
    const request = http.request({
      port,
      host: '127.0.0.1',
      method: 'POST',
      path: '/api/import/interactions',
      headers: {
        authorization: `Bearer ${env().orgA.keys.admin}`,
        'content-type': NDJSON,
        'import-id': 'visits-2026-02',
      },
    });
    request.on('error', () => undefined);
    const part = file.subarray(0, Math.floor(file.length * 0.6));
    for (let at = 0; at < part.length; at += 65_536) {
      request.write(part.subarray(at, at + 65_536));
    }
    const list = async () =>
      (await env().as('admin', { method: 'GET', url: '/api/imports?kind=interactions' })).json<{
        items: TImport[];
      }>().items;
    const running = await until(
      async () => (await list()).find((i) => i.clientImportId === 'visits-2026-02'),
      (found) => found !== undefined,
    );
    expect(running?.status).toBe('running');
    // The first batches are stored before the client leaves.
    await until(
      () => count(env(), 'interactions'),
      (n) => n > before,
    );
    request.destroy();
    const id = running?.id ?? '';
    const stopped = await until(
      () => getImport(env(), id),
      (i) => i.status !== 'running',
    );
    const stored = (await count(env(), 'interactions')) - before;
    expect(stopped).toMatchObject({ status: 'interrupted', stored, created: stored, failed: 1 });
    expect(stopped.message).toBe('the client stopped sending the file');
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(24_000 - 1);
    expect(stopped.rows).toBe(stopped.throughRow);

    // The whole file, with the same import id: the rows done are passed over, the rest stored.
    const again = await post(env(), 'interactions', file, { 'import-id': 'visits-2026-02' });
    expect(again.statusCode, again.body).toBe(200);
    const result = again.json<TImportResult>();
    expect(result).toMatchObject({ importId: id, rows: 24_000, skipped: stopped.throughRow });
    expect(await count(env(), 'interactions')).toBe(before + 24_000 - 1);
    const done = await getImport(env(), id);
    expect(done).toMatchObject({
      status: 'completed',
      rows: 24_000,
      throughRow: 24_000,
      stored: 24_000 - 1,
      unchanged: 0,
      failed: 1,
      attempts: 2,
      message: null,
      errors: [{ row: 8, field: 'type' }],
    });
    expect(done.finishedAt).not.toBeNull();

    // Progress lost as a killed process loses it: sent again, every row finds itself stored.
    await loseProgress(env(), id);
    const third = await post(env(), 'interactions', file, { 'import-id': id });
    expect(third.json()).toMatchObject({ created: 0, updated: 24_000 - 1, skipped: 0 });
    expect(await count(env(), 'interactions')).toBe(before + 24_000 - 1);
    expect(await getImport(env(), id)).toMatchObject({
      status: 'completed',
      rows: 24_000,
      stored: 24_000 - 1,
      failed: 1,
      attempts: 3,
    });
  }, 90_000);

  it("resumes a response import: rows without ids get the import's row keys", async () => {
    const survey = await createSurvey(env(), { definition: loungeSurveyDefinition() });
    const file = `nps\n${Array.from({ length: 60 }, (_, i) => i % 11).join('\n')}\n`;
    const send = (importId: string) =>
      env().as('admin', {
        method: 'POST',
        url: `/api/surveys/${survey.id}/responses/import`,
        headers: { 'content-type': CSV, 'import-id': importId },
        payload: file,
      });
    const first = await send('survey-history-1');
    expect(first.json()).toMatchObject({ rows: 60, created: 60 });
    const { importId } = first.json<TImportResult>();
    expect(await getImport(env(), importId)).toMatchObject({
      kind: 'responses',
      surveyId: survey.id,
      status: 'completed',
      stored: 60,
    });
    await loseProgress(env(), importId);
    const again = await send('survey-history-1');
    expect(again.json()).toMatchObject({ importId, created: 0, unchanged: 60, skipped: 0 });
    expect(await countRows(env(), 'responses', survey.id)).toBe(60);
    expect(await getImport(env(), importId)).toMatchObject({ rows: 60, stored: 0, unchanged: 60 });
    // The id of a response import names that survey's import only.
    const other = await createSurvey(env(), { definition: loungeSurveyDefinition() });
    const elsewhere = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${other.id}/responses/import`,
      headers: { 'content-type': CSV, 'import-id': 'survey-history-1' },
      payload: file,
    });
    expect(elsewhere.statusCode).toBe(409);
  });

  it('refuses a bad import id with a 400 naming it, and stores nothing', async () => {
    const before = await count(env(), 'customers');
    for (const bad of ['x'.repeat(101), 'two words', 'naïve', '']) {
      const res = await post(env(), 'customers', 'externalId\nbad-id-1\n', { 'import-id': bad });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json()).toMatchObject({
        error: { code: 'bad_request', details: [{ field: 'headers.import-id' }] },
      });
    }
    const survey = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}/responses/import`,
      headers: { 'content-type': CSV, 'import-id': 'a/b' },
      payload: 'nps\n9\n',
    });
    expect(survey.statusCode).toBe(400);
    expect(await count(env(), 'customers')).toBe(before);
  });

  it('refuses an import id used for other data, and a different file under the same id', async () => {
    const first = await post(env(), 'customers', 'externalId\nsame-1\nsame-2\n', {
      'import-id': 'crm-1',
    });
    expect(first.statusCode).toBe(200);
    const { importId } = first.json<TImportResult>();
    const kind = await post(env(), 'interactions', '', { 'import-id': 'crm-1' });
    expect(kind.statusCode).toBe(409);
    const other = await post(env(), 'customers', 'externalId\nother-1\n', { 'import-id': 'crm-1' });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({
      error: {
        details: [{ field: 'headers.import-id' }, { field: 'import.id', message: importId }],
      },
    });
    expect(await getImport(env(), importId)).toMatchObject({
      status: 'completed',
      attempts: 1,
      rows: 2,
    });
    // The same file again: nothing left to do.
    const same = await post(env(), 'customers', 'externalId\nsame-1\nsame-2\n', {
      'import-id': 'crm-1',
    });
    expect(same.json()).toMatchObject({ importId, rows: 2, skipped: 2, created: 0, updated: 0 });
  });

  it('lists imports newest first, a page at a time, by kind and status; another org sees none', async () => {
    const all = await env().as('admin', { method: 'GET', url: '/api/imports?limit=2' });
    const firstPage = all.json<{ items: TImport[]; nextCursor: string | null }>();
    expect(firstPage.items).toHaveLength(2);
    expect(firstPage.nextCursor).not.toBeNull();
    const next = await env().as('admin', {
      method: 'GET',
      url: `/api/imports?limit=500&cursor=${firstPage.nextCursor ?? ''}`,
    });
    const rest = next.json<{ items: TImport[] }>().items;
    const items = [...firstPage.items, ...rest];
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    const starts = items.map((i) => i.startedAt);
    expect(starts).toEqual([...starts].sort().reverse());
    expect(items.every((i) => i.startedBy.startsWith('apikey:'))).toBe(true);
    const failed = await env().as('admin', { method: 'GET', url: '/api/imports?status=completed' });
    expect(failed.json<{ items: TImport[] }>().items.every((i) => i.status === 'completed')).toBe(
      true,
    );
    const foreign = await env().as(
      'admin',
      { method: 'GET', url: `/api/imports/${items[0]?.id ?? ''}` },
      env().orgB,
    );
    expect(foreign.statusCode).toBe(404);
    const none = await env().as('admin', { method: 'GET', url: '/api/imports' }, env().orgB);
    expect(none.json<{ items: TImport[] }>().items).toEqual([]);
  });
});

describeEachDatabase(
  'imports over the body limit, as resources',
  (env) => {
    it('a 413 midway names the import, which says what it stored', async () => {
      const rows = Array.from({ length: 40_000 }, (_, i) => `limit-${i}`);
      const file = Buffer.from(`externalId\n${rows.join('\n')}\n`);
      const chunks = Array.from({ length: Math.ceil(file.length / 16_384) }, (_, i) =>
        file.subarray(i * 16_384, (i + 1) * 16_384),
      );
      const res = await post(env(), 'customers', Readable.from(chunks), { 'import-id': 'big-1' });
      expect(res.statusCode).toBe(413);
      const details = res.json<{ error: { details: { field: string; message: string }[] } }>().error
        .details;
      const id = details.find((d) => d.field === 'import.id')?.message ?? '';
      const found = await getImport(env(), id);
      const stored = await count(env(), 'customers');
      expect(stored).toBeGreaterThan(0);
      expect(found).toMatchObject({
        status: 'interrupted',
        clientImportId: 'big-1',
        stored,
        created: stored,
        rows: stored,
        throughRow: stored,
      });
      expect(found.message).toContain('larger than 300000 bytes');
    });
  },
  { importBodyLimit: 300_000 },
);

describeEachDatabase('imports left running', (env) => {
  it('are marked interrupted at start when their process is gone, not while it runs', async () => {
    const host = os.hostname();
    const dead = spawnSync('true').pid;
    const now = new Date();
    const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
    const rows = [
      { id: newId(), runner: `${host}:${dead}`, updated_at: ago(0) },
      { id: newId(), runner: `${host}:${process.pid}`, updated_at: ago(0) },
      { id: newId(), runner: 'elsewhere:1234', updated_at: ago(11) },
      { id: newId(), runner: 'elsewhere:1234', updated_at: ago(1) },
    ];
    for (const row of rows) {
      await env()
        .storage.db.insertInto('imports')
        .values({
          ...row,
          organization_id: env().orgA.id,
          kind: 'customers',
          survey_id: null,
          client_key: null,
          format: 'csv',
          actions: 'skip',
          status: 'running',
          started_by: 'test',
          through_row: 5000,
          rows: 5000,
          created: 4990,
          updated: 0,
          unchanged: 0,
          failed: 10,
          errors_json: '[]',
          message: null,
          attempts: 1,
          source_digest: null,
          source_digest_bytes: null,
          started_at: row.updated_at,
        })
        .execute();
    }
    expect(await markAbandonedImports(env().storage, now)).toBe(2);
    const statuses = await Promise.all(rows.map((r) => getImport(env(), r.id)));
    expect(statuses.map((s) => s.status)).toEqual([
      'interrupted',
      'running',
      'interrupted',
      'running',
    ]);
    expect(statuses[0]).toMatchObject({ stored: 4990, failed: 10, rows: 5000 });
    expect(statuses[0]?.message).toContain('stopped');
  });
});
