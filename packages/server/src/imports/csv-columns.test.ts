import { describe, expect, it } from 'vitest';
import { csvRowBatches } from './csv-columns.js';
import { csvRecordBatches, type TRowInput } from './import-source.js';

async function* chunksOf(texts: readonly string[]): AsyncGenerator<string> {
  for (const text of texts) yield await Promise.resolve(text);
}

/** The row inputs of a CSV read in the given chunks, each row's value its record. */
async function rowsOf(texts: readonly string[]): Promise<TRowInput[]> {
  const out: TRowInput[] = [];
  const batches = csvRowBatches(csvRecordBatches(chunksOf(texts)), () => (record, row) => ({
    row,
    value: record,
  }));
  for await (const batch of batches) out.push(...batch);
  return out;
}

describe('csvRowBatches', () => {
  it('numbers rows from the first data row and fails the one whose quote never closes', async () => {
    expect(await rowsOf(['id,note\n1,ok\n\n2,"open', '\nstill open\n'])).toEqual([
      { row: 1, value: ['1', 'ok'] },
      { row: 2, error: { field: '(row)', reason: 'a quoted field is not closed before the end' } },
    ]);
  });

  it('rejects a header with an unclosed quote and a file without a header', async () => {
    await expect(rowsOf(['"id,note\n1,2\n'])).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'the header row has an unclosed quote',
      details: [{ field: 'columns', message: 'a quoted field is not closed before the end' }],
    });
    await expect(rowsOf(['\n\n'])).rejects.toMatchObject({
      message: 'the file is empty: a CSV import needs a header row',
    });
  });
});
