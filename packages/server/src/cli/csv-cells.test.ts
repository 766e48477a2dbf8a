import { describe, expect, it } from 'vitest';
import { findColumns, parseNumericCell } from './csv-cells.js';

describe('findColumns', () => {
  const header = [' score ', 'region', 'score2'];

  it('finds columns by trimmed name and names an unknown one with the available columns', () => {
    expect(findColumns(header, ['region', 'score'])).toEqual([1, 0]);
    expect(() => findColumns(header, ['nps'])).toThrow(
      'unknown column "nps"; available columns: score, region, score2',
    );
    expect(() => findColumns(['a', ' a'], ['a'])).toThrow(/more than once/);
  });
});

describe('parseNumericCell', () => {
  it('reads plain decimals and treats everything else as missing', () => {
    const rows = [
      ['9', '1e2'],
      [' x ', ''],
      ['-3.5', '0x10'],
    ];
    expect(rows.map((row) => row.map(parseNumericCell))).toEqual([
      [9, 100],
      [null, null],
      [-3.5, null],
    ]);
    expect(parseNumericCell(' 7 ')).toBe(7);
    expect(parseNumericCell('.5')).toBe(0.5);
    expect(parseNumericCell('')).toBeNull();
    expect(parseNumericCell('NA')).toBeNull();
    expect(parseNumericCell('1,5')).toBeNull();
    expect(parseNumericCell('Infinity')).toBeNull();
    expect(parseNumericCell('1e999')).toBeNull();
    expect(parseNumericCell(undefined)).toBeNull();
  });
});
