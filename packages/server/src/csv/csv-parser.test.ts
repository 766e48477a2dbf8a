import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCsvParser, CsvUnclosedQuoteError, readCsvRecords } from './csv-parser.js';

/** The records of a text read in the given chunks. */
function readChunks(chunks: readonly string[], delimiter = ','): string[][] {
  const out: string[][] = [];
  const parser = createCsvParser({ delimiter }, (fields) => out.push(fields));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return out;
}

function records(text: string, delimiter = ','): string[][] {
  return readChunks([text], delimiter);
}

describe('createCsvParser (RFC 4180)', () => {
  it('splits records and fields', () => {
    expect(records('a,b\n1,2\n3,4\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('keeps delimiters, doubled quotes and newlines inside quoted fields', () => {
    const text = 'name,comment\n"Smith, J","said ""hi""\nthen left"\n';
    expect(records(text)).toEqual([
      ['name', 'comment'],
      ['Smith, J', 'said "hi"\nthen left'],
    ]);
  });

  it('strips a UTF-8 BOM and accepts CRLF, LF and lone CR line ends', () => {
    expect(records('\uFEFFa,b\r\n1,2\r\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
    expect(records('\uFEFFa,b\r\n')).toEqual([['a', 'b']]);
    expect(records('only\r')).toEqual([['only']]);
  });

  it('keeps CRLF inside a quoted field as data', () => {
    expect(records('"x\r\ny",z\r\n')).toEqual([['x\r\ny', 'z']]);
  });

  it('keeps empty fields and spaces, and skips blank lines', () => {
    expect(records(' a , b ,c\n1,,3\n\n,,\n\n')).toEqual([
      [' a ', ' b ', 'c'],
      ['1', '', '3'],
      ['', '', ''],
    ]);
    // A quoted empty field is a record, not a blank line.
    expect(records('a\n""\n')).toEqual([['a'], ['']]);
  });

  it('keeps a trailing empty field and a last line without a line break', () => {
    expect(readChunks(['a,b,\n', '1,2,'])).toEqual([
      ['a', 'b', ''],
      ['1', '2', ''],
    ]);
    expect(records('')).toEqual([]);
  });

  it('takes another delimiter, tab included', () => {
    expect(records('a;b\n"1;5";2', ';')).toEqual([
      ['a', 'b'],
      ['1;5', '2'],
    ]);
    expect(records('a\tb\n1,5\t2', '\t')).toEqual([
      ['a', 'b'],
      ['1,5', '2'],
    ]);
  });

  it('treats a quote inside an unquoted field as data', () => {
    expect(records('5" screen,x\n')).toEqual([['5" screen', 'x']]);
  });

  it('rejects a bad delimiter', () => {
    expect(() => records('a', '"')).toThrow(/delimiter/);
    expect(() => records('a', '::')).toThrow(/delimiter/);
  });

  it('reports an unterminated quote with the line and the record it opened in', () => {
    expect(() => records('a,b\n1,2\n3,"open\nstill open')).toThrow(
      /unterminated quoted field starting on line 3/,
    );
    let caught: unknown;
    try {
      // Blank lines count as lines but not as records.
      readChunks(['h\n\n', 'ok\n"never\nclosed\n']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CsvUnclosedQuoteError);
    expect(caught).toMatchObject({ record: 3, line: 4 });
  });

  it('numbers records by the line they start on', () => {
    const lines: number[] = [];
    const parser = createCsvParser({}, (_fields, line) => lines.push(line));
    parser.push('a\n"b\nc"\nd\r\ne');
    parser.end();
    expect(lines).toEqual([1, 2, 4, 5]);
  });
});

describe('createCsvParser on text cut into chunks', () => {
  it('gives the same records and line numbers for every chunk size', () => {
    const text =
      '\uFEFFid,"note, with comma",v\r\n1,"multi\r\nline ""quoted""",2.5\r\n2,,\r\n3,"x""",7\r\n';
    const whole = records(text);
    for (let size = 1; size <= text.length; size++) {
      const out: [string[], number][] = [];
      const parser = createCsvParser({}, (fields, line) => out.push([fields, line]));
      for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
      parser.end();
      expect(out.map(([fields]) => fields)).toEqual(whole);
      expect(out.map(([, line]) => line)).toEqual([1, 2, 4, 5]);
    }
    expect(whole).toEqual([
      ['id', 'note, with comma', 'v'],
      ['1', 'multi\r\nline "quoted"', '2.5'],
      ['2', '', ''],
      ['3', 'x"', '7'],
    ]);
  });

  const TRICKY =
    '\uFEFFid,name,note\r\n' +
    '1,"Smith, Ann","said ""hi""\r\nthen left"\r\n' +
    '2,,plain\r\n' +
    '\r\n' +
    '3,"",""""\n' +
    '4,x"y,"a,b"';

  const EXPECTED = [
    ['id', 'name', 'note'],
    ['1', 'Smith, Ann', 'said "hi"\r\nthen left'],
    ['2', '', 'plain'],
    ['3', '', '"'],
    ['4', 'x"y', 'a,b'],
  ];

  it('gives the same records wherever the text is split in three', () => {
    expect(records(TRICKY)).toEqual(EXPECTED);
    for (let a = 0; a <= TRICKY.length; a++) {
      for (let b = a; b <= TRICKY.length; b += 7) {
        const chunks = [TRICKY.slice(0, a), TRICKY.slice(a, b), TRICKY.slice(b)];
        expect(readChunks(chunks), `split at ${a} and ${b}`).toEqual(EXPECTED);
      }
    }
  });
});

describe('readCsvRecords', () => {
  it('streams a file and names a file it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-parser-'));
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
