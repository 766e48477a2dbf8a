// RFC 4180 CSV/TSV reading for the CLI: a push parser that takes text in chunks (so a file can be
// streamed without holding it whole), plus helpers to find columns and read numbers.
import { createReadStream } from 'node:fs';

/** A reading problem: malformed input, an unknown column, a bad delimiter. */
export class CsvError extends Error {
  override readonly name = 'CsvError';
}

/** Parser options: the one-character field delimiter (default ','). */
export interface CsvOptions {
  readonly delimiter?: string;
}

/** A parsed file: the header row (names trimmed) and the records after it. */
export interface CsvTable {
  readonly header: string[];
  readonly rows: string[][];
}

/** A push parser: feed text with `push`, then call `end`; records arrive through the callback. */
export interface CsvParser {
  push(chunk: string): void;
  end(): void;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

function delimiterCode(delimiter: string | undefined): number {
  const value = delimiter ?? ',';
  if (value.length !== 1 || value === '"' || value === '\r' || value === '\n') {
    throw new CsvError(
      `the delimiter must be one character other than a quote or newline, got "${value}"`,
    );
  }
  return value.charCodeAt(0);
}

/**
 * Creates a streaming RFC 4180 parser. Quoted fields may hold delimiters, doubled quotes and
 * newlines; records end at LF, CRLF or a lone CR; a UTF-8 byte-order mark at the start is dropped;
 * blank lines are skipped (as spreadsheet exports add them at the end). Text after a closing quote
 * is kept, as most readers do, rather than rejecting the file. An unclosed quote at the end is an
 * error naming the line it opened on. `line` in the callback is the record's first line (1-based).
 */
export function createCsvParser(
  options: CsvOptions,
  onRecord: (fields: string[], line: number) => void,
): CsvParser {
  const delimiter = delimiterCode(options.delimiter);
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoteJustClosed = false;
  let fieldQuoted = false;
  // Tells a blank line apart from a record holding one quoted empty field ("").
  let fieldQuotedInRecord = false;
  let skipLf = false;
  let atStart = true;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;

  const endField = (): void => {
    fields.push(field);
    field = '';
    fieldQuoted = false;
    quoteJustClosed = false;
  };
  const endRecord = (): void => {
    endField();
    const blank = fields.length === 1 && fields[0] === '' && !fieldQuotedInRecord;
    if (!blank) onRecord(fields, recordLine);
    fields = [];
    fieldQuotedInRecord = false;
  };

  return {
    push(chunk: string): void {
      let text = chunk;
      if (atStart && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        atStart = false;
      }
      const length = text.length;
      let i = 0;
      while (i < length) {
        const code = text.charCodeAt(i);
        if (skipLf) {
          skipLf = false;
          if (code === LF) {
            i++;
            continue;
          }
        }
        if (inQuotes) {
          // Copy the run up to the next quote in one slice: quoted text is often long.
          const next = text.indexOf('"', i);
          const end = next === -1 ? length : next;
          const run = text.slice(i, end);
          for (let k = 0; k < run.length; k++) if (run.charCodeAt(k) === LF) line++;
          field += run;
          i = end;
          if (next === -1) break;
          inQuotes = false;
          quoteJustClosed = true;
          i++;
          continue;
        }
        if (code === QUOTE) {
          if (quoteJustClosed) {
            // A doubled quote inside a quoted field.
            field += '"';
            inQuotes = true;
            quoteJustClosed = false;
          } else if (field === '' && !fieldQuoted) {
            inQuotes = true;
            fieldQuoted = true;
            fieldQuotedInRecord = true;
            quoteLine = line;
          } else {
            field += '"';
          }
          i++;
          continue;
        }
        quoteJustClosed = false;
        if (code === delimiter) {
          endField();
        } else if (code === LF || code === CR) {
          endRecord();
          line++;
          recordLine = line;
          skipLf = code === CR;
        } else {
          // Take the plain run up to the next special character in one slice.
          let end = i + 1;
          while (end < length) {
            const c = text.charCodeAt(end);
            if (c === delimiter || c === QUOTE || c === LF || c === CR) break;
            end++;
          }
          field += text.slice(i, end);
          i = end;
          continue;
        }
        i++;
      }
    },
    end(): void {
      if (inQuotes) throw new CsvError(`unterminated quoted field starting on line ${quoteLine}`);
      if (field !== '' || fields.length > 0 || fieldQuoted) endRecord();
    },
  };
}

/** Parses a whole CSV/TSV text: first record is the header (names trimmed), the rest are rows. */
export function parseCsv(text: string, options: CsvOptions = {}): CsvTable {
  const records: string[][] = [];
  const parser = createCsvParser(options, (fields) => records.push(fields));
  parser.push(text);
  parser.end();
  const [header, ...rows] = records;
  if (header === undefined) throw new CsvError('the file is empty: it has no header row');
  return { header: header.map((name) => name.trim()), rows };
}

/** Position of each named column; throws naming an unknown or repeated column and listing the available ones. */
export function findColumns(header: readonly string[], names: readonly string[]): number[] {
  return names.map((name) => {
    const index = header.indexOf(name);
    if (index === -1) {
      throw new CsvError(`unknown column "${name}"; available columns: ${header.join(', ')}`);
    }
    if (header.indexOf(name, index + 1) !== -1) {
      throw new CsvError(`column "${name}" appears more than once in the header`);
    }
    return index;
  });
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cell as a number, or null when it is empty, missing or not a plain decimal (so "NA", "1,5" and "0x10" are missing). */
export function parseNumericCell(cell: string | undefined): number | null {
  if (cell === undefined) return null;
  const trimmed = cell.trim();
  if (!DECIMAL.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** The named columns of every row as numbers, null where a cell is missing or not numeric. */
export function readNumericColumns(table: CsvTable, names: readonly string[]): (number | null)[][] {
  const indexes = findColumns(table.header, names);
  return table.rows.map((row) => indexes.map((index) => parseNumericCell(row[index])));
}

const READ_FAILURES: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** One record of a streamed file with the line it starts on. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/**
 * Streams a file's records (header first) in 64 KiB chunks, so memory follows what the caller
 * keeps, not the file size. A file that cannot be opened becomes a CsvError naming it.
 */
export async function* readCsvRecords(
  path: string,
  options: CsvOptions = {},
): AsyncGenerator<CsvRecord> {
  const pending: CsvRecord[] = [];
  const parser = createCsvParser(options, (fields, line) => pending.push({ fields, line }));
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream) {
      parser.push(String(chunk));
      yield* pending.splice(0);
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string') throw error;
    throw new CsvError(`cannot read "${path}": ${READ_FAILURES[code] ?? (error as Error).message}`);
  } finally {
    stream.destroy();
  }
  parser.end();
  yield* pending.splice(0);
}
