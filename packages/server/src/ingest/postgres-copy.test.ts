import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../../test/harness.js';
import type { TStorage } from '../storage/database.js';
import { copyRows, copyTextValue, withCopyTransaction, type TCopyValue } from './postgres-copy.js';

it("writes values in COPY's text format: NULL apart from empty, the four specials escaped", () => {
  expect(copyTextValue(null)).toBe('\\N');
  expect(copyTextValue('')).toBe('');
  expect(copyTextValue('\\N')).toBe('\\\\N');
  expect(copyTextValue('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
  expect(copyTextValue(`'"; --`)).toBe(`'"; --`);
  expect(copyTextValue(42)).toBe('42');
  expect(copyTextValue(-1.5)).toBe('-1.5');
});

const postgres = TEST_DATABASES.find((d) => d.dialect === 'postgres');

describe.skipIf(postgres === undefined)('COPY into PostgreSQL', () => {
  let storage: (TStorage & { drop(): Promise<void> }) | undefined;
  beforeAll(async () => {
    storage = await postgres?.open();
  });
  afterAll(async () => {
    await storage?.drop();
  });

  it('reads back every row as given, and commits with the Kysely statements beside it', async () => {
    const db = storage;
    if (db === undefined) throw new Error('no database');
    await db.pool?.query('CREATE TABLE copy_check (n int PRIMARY KEY, t text, x double precision)');
    const texts: (string | null)[] = [
      'plain',
      'tab\there',
      'line\nbreak\r\nCRLF',
      'back\\slash \\N \\.',
      '\\.',
      `quotes ' " and ; --`,
      'Café ✈️ 東京 👩‍👩‍👧',
      '',
      null,
      'x'.repeat(100_000),
    ];
    const rows: TCopyValue[][] = texts.map((t, n) => [n, t, n === 3 ? null : n / 4]);
    const copied = await withCopyTransaction(db, async (trx, client) => {
      const count = await copyRows(client, 'copy_check', ['n', 't', 'x'], rows);
      await sql`INSERT INTO copy_check (n, t) VALUES (${100}, ${'beside'})`.execute(trx);
      return count;
    });
    expect(copied).toBe(texts.length);
    const read = await db.pool?.query<{ n: number; t: string | null; x: number | null }>(
      'SELECT n, t, x FROM copy_check ORDER BY n',
    );
    expect(read?.rows).toEqual([
      ...texts.map((t, n) => ({ n, t, x: n === 3 ? null : n / 4 })),
      { n: 100, t: 'beside', x: null },
    ]);
  });

  it('rolls back the copied rows with the transaction', async () => {
    const db = storage;
    if (db === undefined) throw new Error('no database');
    await db.pool?.query('CREATE TABLE copy_undo (n int PRIMARY KEY)');
    await expect(
      withCopyTransaction(db, async (_trx, client) => {
        await copyRows(client, 'copy_undo', ['n'], [[1], [2]]);
        // A repeated key: the COPY fails, and nothing of it stays.
        await copyRows(client, 'copy_undo', ['n'], [[3], [1]]);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    const read = await db.pool?.query('SELECT count(*)::int AS n FROM copy_undo');
    expect(read?.rows).toEqual([{ n: 0 }]);
  });
});
