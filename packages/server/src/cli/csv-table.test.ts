import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createCsvParser,
  findColumns,
  parseCsv,
  parseNumericCell,
  readCsvRecords,
  readNumericColumns,
} from './csv-table.js';

function records(text: string, delimiter = ','): string[][] {
  const out: string[][] = [];
  const parser = createCsvParser({ delimiter }, (fields) => out.push(fields));
  parser.push(text);
  parser.end();
  return out;
}

describe('parseCsv (RFC 4180)', () => {
  it('splits a header and rows', () => {
    expect(parseCsv('a,b\n1,2\n3,4\n')).toEqual({
      header: ['a', 'b'],
      rows: [
        ['1', '2'],
        ['3', '4'],
      ],
    });
  });

  it('keeps delimiters, doubled quotes and newlines inside quoted fields', () => {
    const text = 'name,comment\n"Smith, J","said ""hi""\nthen left"\n';
    expect(parseCsv(text).rows).toEqual([['Smith, J', 'said "hi"\nthen left']]);
  });

  it('strips a UTF-8 BOM and accepts CRLF, LF and lone CR line ends', () => {
    expect(parseCsv('\uFEFFa,b\r\n1,2\r\n3,4\r5,6').rows).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
    expect(parseCsv('\uFEFFa,b\r\n').header).toEqual(['a', 'b']);
  });

  it('keeps CRLF inside a quoted field as data', () => {
    expect(records('"x\r\ny",z\r\n')).toEqual([['x\r\ny', 'z']]);
  });

  it('keeps empty fields, trims header names, and skips blank lines', () => {
    expect(parseCsv(' a , b ,c\n1,,3\n\n,,\n\n')).toEqual({
      header: ['a', 'b', 'c'],
      rows: [
        ['1', '', '3'],
        ['', '', ''],
      ],
    });
    // A quoted empty field is a record, not a blank line.
    expect(records('a\n""\n')).toEqual([['a'], ['']]);
  });

  it('takes another delimiter, tab included', () => {
    expect(parseCsv('a;b\n"1;5";2', { delimiter: ';' }).rows).toEqual([['1;5', '2']]);
    expect(parseCsv('a\tb\n1,5\t2', { delimiter: '\t' }).rows).toEqual([['1,5', '2']]);
  });

  it('treats a quote inside an unquoted field as data', () => {
    expect(records('5" screen,x\n')).toEqual([['5" screen', 'x']]);
  });

  it('reports an unterminated quote with the line it opened on', () => {
    expect(() => parseCsv('a,b\n1,2\n3,"open\nstill open')).toThrow(
      /unterminated quoted field starting on line 3/,
    );
  });

  it('rejects an empty file and a bad delimiter', () => {
    expect(() => parseCsv('')).toThrow(/no header row/);
    expect(() => parseCsv('a', { delimiter: '"' })).toThrow(/delimiter/);
    expect(() => parseCsv('a', { delimiter: '::' })).toThrow(/delimiter/);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const text =
      '\uFEFFid,"note, with comma",v\r\n1,"multi\r\nline ""quoted""",2.5\r\n2,,\r\n3,"x""",7\r\n';
    const whole = records(text);
    for (let size = 1; size <= text.length; size++) {
      const out: string[][] = [];
      const parser = createCsvParser({}, (fields) => out.push(fields));
      for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
      parser.end();
      expect(out).toEqual(whole);
    }
    expect(whole).toEqual([
      ['id', 'note, with comma', 'v'],
      ['1', 'multi\r\nline "quoted"', '2.5'],
      ['2', '', ''],
      ['3', 'x"', '7'],
    ]);
  });

  it('numbers records by the line they start on', () => {
    const lines: number[] = [];
    const parser = createCsvParser({}, (_fields, line) => lines.push(line));
    parser.push('a\n"b\nc"\nd\r\ne');
    parser.end();
    expect(lines).toEqual([1, 2, 4, 5]);
  });
});

describe('columns and numbers', () => {
  const table = parseCsv('score,region,score2\n9,north,1e2\n x ,south,\n-3.5,,0x10\n');

  it('finds columns and names an unknown one with the available columns', () => {
    expect(findColumns(table.header, ['region', 'score'])).toEqual([1, 0]);
    expect(() => findColumns(table.header, ['nps'])).toThrow(
      'unknown column "nps"; available columns: score, region, score2',
    );
    expect(() => findColumns(['a', 'a'], ['a'])).toThrow(/more than once/);
  });

  it('reads plain decimals and treats everything else as missing', () => {
    expect(readNumericColumns(table, ['score', 'score2'])).toEqual([
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

describe('readCsvRecords', () => {
  it('streams a file and names a file it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-table-'));
    const path = join(dir, 'data.csv');
    writeFileSync(path, '\uFEFFa,b\r\n1,"x,y"\r\n');
    const seen: string[][] = [];
    for await (const record of readCsvRecords(path)) seen.push(record.fields);
    expect(seen).toEqual([
      ['a', 'b'],
      ['1', 'x,y'],
    ]);
    const missing = join(dir, 'missing.csv');
    await expect(async () => {
      for await (const record of readCsvRecords(missing)) seen.push(record.fields);
    }).rejects.toThrow(`cannot read "${missing}": no such file`);
  });
});
