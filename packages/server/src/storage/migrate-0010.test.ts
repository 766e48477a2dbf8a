import { describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { TEST_DATABASES } from '../../test/harness.js';
import { insertRow, upgradedDatabase } from '../../test/migration-harness.js';

const T = '2025-03-01T10:00:00.000Z';

/** A rollup_values row with n answers of `value` each (histogram bin `value`). */
function cell(question: string, day: string, n: number, value: number): Record<string, unknown> {
  const bins = Object.fromEntries(
    Array.from({ length: 11 }, (_, i) => [`h${i}`, i === value ? n : 0]),
  );
  return {
    organization_id: 'org',
    question_key: question,
    survey_id: 'sv',
    touchpoint_id: '',
    day,
    segment_key: '',
    n,
    sum: n * value,
    sum_sq: n * value * value,
    ...bins,
  };
}

const CELLS = [
  cell('nps', '2025-03-01', 3, 9),
  cell('nps', '2025-03-02', 1, 4),
  cell('csat', '2025-03-01', 2, 5),
];

async function seedBefore0010(db: Kysely<unknown>): Promise<void> {
  const stamps = { created_at: T, updated_at: T };
  await insertRow(db, 'organizations', { id: 'org', name: 'O', slug: 'o', seq: 1, ...stamps });
  for (const row of CELLS) await insertRow(db, 'rollup_values', row);
}

for (const database of TEST_DATABASES) {
  describe(`migration 0010 (rollup_values without rowid) [${database.dialect}]`, () => {
    const upgraded = upgradedDatabase(
      database,
      '0009-interaction-time-keys',
      seedBefore0010,
      '0010-rollup-values-without-rowid',
    );

    it('keeps every cell, its key unique, and drops them with their organization', async () => {
      const stored = await upgraded.rows<Record<string, unknown>>(
        sql`SELECT * FROM rollup_values ORDER BY question_key, day`,
      );
      const expected = [CELLS[2], CELLS[0], CELLS[1]];
      expect(
        stored.map((r) =>
          Object.fromEntries(
            Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v : Number(v)]),
          ),
        ),
      ).toEqual(expected);
      await expect(
        insertRow(upgraded.db(), 'rollup_values', cell('nps', '2025-03-01', 1, 1)),
      ).rejects.toThrow();
      if (database.dialect === 'sqlite') {
        const [table] = await upgraded.rows<{ sql: string }>(
          sql`SELECT sql FROM sqlite_master WHERE name = 'rollup_values'`,
        );
        expect(table?.sql).toMatch(/WITHOUT ROWID/);
      }
      await sql`DELETE FROM organizations WHERE id = 'org'`.execute(upgraded.db());
      expect(await upgraded.rows(sql`SELECT * FROM rollup_values`)).toEqual([]);
    });
  });
}
