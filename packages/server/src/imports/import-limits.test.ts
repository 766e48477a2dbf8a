/**
 * Imports at the edges: text holding NUL characters, a body over the limit, and a file stopped
 * midway by the limit and sent again.
 */
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { count, CSV, imported, NDJSON, post } from '../../test/support/imports-fixture.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';

describeEachDatabase('imports with NUL characters', (env) => {
  it('refuses the rows whose text holds a NUL, stores the rest, the same on both databases', async () => {
    const csv = 'externalId,name\n' + 'nul-1,Ada\n' + 'nul-2,Gr\u0000ace\n';
    const customers = await imported(env(), 'customers', CSV, csv);
    expect(customers).toMatchObject({ rows: 2, created: 1, failed: 1 });
    expect(customers.errors).toEqual([
      { row: 2, field: 'name', reason: 'text may not contain a NUL character (U+0000)' },
    ]);
    const ndjson = [
      { externalId: 'nul-3', name: 'Bob' },
      { externalId: 'nul-4', locale: 'de\u0000' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const more = await imported(env(), 'customers', NDJSON, ndjson);
    expect(more).toMatchObject({ rows: 2, created: 1, failed: 1 });
    expect(more.errors).toEqual([
      { row: 2, field: 'locale', reason: 'text may not contain a NUL character (U+0000)' },
    ]);
    expect(await count(env(), 'customers')).toBe(2);
    await seedTouchpoints(env().storage, env().orgA.id, ['nul-lounge']);
    const interactions = [
      {
        customerExternalId: 'nul-1',
        touchpoint: 'nul-lounge',
        occurredAt: '2026-01-02T10:00:00Z',
        type: 'visit',
      },
      {
        customerExternalId: 'nul-1',
        touchpoint: 'nul-lounge',
        occurredAt: '2026-01-03T10:00:00Z',
        type: 'vi\u0000sit',
      },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const visits = await imported(env(), 'interactions', NDJSON, interactions);
    expect(visits).toMatchObject({ rows: 2, created: 1, failed: 1 });
    expect(visits.errors).toEqual([
      { row: 2, field: 'type', reason: 'text may not contain a NUL character (U+0000)' },
    ]);
  });
});

describeEachDatabase(
  'imports over the body limit',
  (env) => {
    it('answers 413 for a declared length over the limit and for a longer stream', async () => {
      const big = `externalId\n${Array.from({ length: 50 }, (_, i) => `big-${i}`).join('\n')}\n`;
      const declared = await post(env(), 'customers', CSV, big);
      expect(declared.statusCode).toBe(413);
      expect(declared.json()).toMatchObject({ error: { code: 'payload_too_large' } });

      // Chunked, without a length: the importer stops reading once the limit is passed.
      const streamed = await env().as('admin', {
        method: 'POST',
        url: '/api/import/customers',
        headers: { 'content-type': CSV },
        payload: Readable.from([Buffer.from(big)]),
      });
      expect(streamed.statusCode).toBe(413);
      expect(await count(env(), 'customers')).toBe(0);
    });
  },
  { importBodyLimit: 100 },
);

describeEachDatabase(
  'imports stopped midway',
  (env) => {
    it('a 413 midway says what was stored, and the same file sent again stores nothing twice', async () => {
      const rows = Array.from({ length: 40_000 }, (_, i) => `mid-${i}`);
      const file = Buffer.from(`externalId\n${rows.join('\n')}\n`);
      // Sent in 16 KB chunks, as a client streams it: the limit is passed partway.
      const chunks = Array.from({ length: Math.ceil(file.length / 16_384) }, (_, i) =>
        file.subarray(i * 16_384, (i + 1) * 16_384),
      );
      const streamed = await env().as('admin', {
        method: 'POST',
        url: '/api/import/customers',
        headers: { 'content-type': CSV },
        payload: Readable.from(chunks),
      });
      expect(streamed.statusCode).toBe(413);
      const error = streamed.json<{
        error: { message: string; details: { field: string; message: string }[] };
      }>().error;
      const stored = await count(env(), 'customers');
      expect(stored).toBeGreaterThan(0);
      expect(error.message).toContain('were kept');
      expect(error.details).toContainEqual({ field: 'import.stored', message: String(stored) });

      // The part that fits, sent again: those stored are updated, not duplicated.
      const part = `externalId\n${rows.slice(0, stored).join('\n')}\n`;
      const again = await imported(env(), 'customers', CSV, part);
      expect(again).toMatchObject({ created: 0, updated: stored, failed: 0 });
      expect(await count(env(), 'customers')).toBe(stored);
    });
  },
  { importBodyLimit: 300_000 },
);
