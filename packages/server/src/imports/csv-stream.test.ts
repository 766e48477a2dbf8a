import { describe, expect, it } from 'vitest';
import { CsvFormatError, CsvReader } from './csv-stream.js';

function readAll(chunks: string[]): string[][] {
  const reader = new CsvReader();
  const out: string[][] = [];
  for (const chunk of chunks) reader.push(chunk, out);
  reader.end(out);
  return out;
}

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

describe('CsvReader', () => {
  it('reads BOM, CRLF, quoted commas, doubled quotes, line breaks in fields, blank lines', () => {
    expect(readAll([TRICKY])).toEqual(EXPECTED);
  });

  it('gives the same records however the text is split into chunks', () => {
    for (let a = 0; a <= TRICKY.length; a++) {
      for (let b = a; b <= TRICKY.length; b += 7) {
        const chunks = [TRICKY.slice(0, a), TRICKY.slice(a, b), TRICKY.slice(b)];
        expect(readAll(chunks), `split at ${a} and ${b}`).toEqual(EXPECTED);
      }
    }
    expect(readAll([...TRICKY])).toEqual(EXPECTED);
  });

  it('keeps a trailing empty field and a last line without a line break', () => {
    expect(readAll(['a,b,\n', '1,2,'])).toEqual([
      ['a', 'b', ''],
      ['1', '2', ''],
    ]);
    expect(readAll(['only\r'])).toEqual([['only']]);
    expect(readAll([''])).toEqual([]);
  });

  it('reports a quoted field left open at the end with its record number', () => {
    let caught: unknown;
    try {
      readAll(['h\n', 'ok\n"never closed\n']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CsvFormatError);
    expect((caught as CsvFormatError).record).toBe(3);
  });
});
