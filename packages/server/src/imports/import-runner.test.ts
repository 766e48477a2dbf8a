import { expect, it } from 'vitest';
import { runImport, type TNumbered } from './import-runner.js';
import type { TRowInput } from './import-source.js';

it('writes a small first batch, then doubles each batch up to the batch size', async () => {
  const inputs: TRowInput[][] = [Array.from({ length: 30 }, (_, i) => ({ row: i + 1, value: i }))];
  const sizes: number[] = [];
  const result = await runImport<TNumbered>(inputs, {
    format: 'ndjson',
    prepare: (_value, row) => ({ row }),
    write: (rows) => {
      sizes.push(rows.length);
      return Promise.resolve({ created: rows.length, updated: 0, errors: [] });
    },
    batchSize: 8,
    firstBatchSize: 2,
  });
  expect(sizes).toEqual([2, 4, 8, 8, 8]);
  expect(result).toMatchObject({ rows: 30, created: 30, failed: 0 });
});
