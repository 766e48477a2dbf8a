// RFC 4180 CSV/TSV reading: a push parser that takes text in chunks (so a file or a request body
// is streamed without being held whole), used by the imports and by the CLI.
import { createReadStream } from 'node:fs';

/** A reading problem: malformed input, an unknown column, a bad delimiter. */
export class CsvError extends Error {
  override readonly name: string = 'CsvError';
}

/** A quoted field was still open when the input ended: the rest of the text became that field. */
export class CsvUnclosedQuoteError extends CsvError {
  override readonly name = 'CsvUnclosedQuoteError';
  constructor(
    /** The record it opened in (1 = the first record, the header; blank lines are not counted). */
    readonly record: number,
    /** The line it opened on (1-based). */
    readonly line: number,
  ) {
    super(`unterminated quoted field starting on line ${line}`);
  }
}

/** Parser options: the one-character field delimiter (default ','). */
export interface CsvOptions {
  readonly delimiter?: string;
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
 * newlines; records end at LF, CRLF or a lone CR; a chunk may end anywhere (inside a quoted field,
 * between the two quotes of an escaped quote, between CR and LF). A UTF-8 byte-order mark at the
 * start is dropped; blank lines are skipped (as spreadsheet exports add them at the end). A quote
 * inside an unquoted field and text after a closing quote are kept, as most readers do, rather
 * than rejecting the file. An unclosed quote at the end throws `CsvUnclosedQuoteError`.
 * `line` in the callback is the record's first line (1-based).
 */
export function createCsvParser(
  options: CsvOptions,
  onRecord: (fields: string[], line: number) => void,
): CsvParser {
  return new PushParser(delimiterCode(options.delimiter), onRecord);
}

// A class rather than a closure: its state is read through fields of one shape, which V8 keeps
// faster in the per-character loop than variables captured by several closures.
class PushParser implements CsvParser {
  private field = '';
  private record: string[] = [];
  /** Something (text or quotes) was read for the current field. */
  private fieldStarted = false;
  private inQuotes = false;
  /** A quote closed the text at the end of a chunk: the next character says whether it was `""`. */
  private quoteAtChunkEnd = false;
  /** The last chunk ended with CR: a LF starting the next one belongs to the same line break. */
  private crAtChunkEnd = false;
  private started = false;
  private records = 0;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;

  constructor(
    private readonly delimiter: number,
    private readonly onRecord: (fields: string[], line: number) => void,
  ) {}

  push(text: string): void {
    const delimiter = this.delimiter;
    const n = text.length;
    let i = 0;
    if (!this.started && n > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (i < n && this.crAtChunkEnd) {
      this.crAtChunkEnd = false;
      if (text.charCodeAt(i) === LF) i++;
    }
    if (i < n && this.quoteAtChunkEnd) {
      this.quoteAtChunkEnd = false;
      if (text.charCodeAt(i) === QUOTE) {
        this.field += '"';
        i++;
      } else {
        this.inQuotes = false;
      }
    }
    // The next LF at or after where quoted text was last scanned (n when there is none): line
    // breaks inside quoted fields are counted without a second pass over their characters.
    let lf = -1;
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        const end = q === -1 ? n : q;
        if (lf < i) lf = text.indexOf('\n', i);
        if (lf === -1) lf = n;
        while (lf < end) {
          this.line++;
          lf = text.indexOf('\n', lf + 1);
          if (lf === -1) lf = n;
        }
        this.field += text.slice(i, end);
        if (q === -1) return;
        i = q + 1;
        if (i === n) {
          this.quoteAtChunkEnd = true;
          return;
        }
        if (text.charCodeAt(i) === QUOTE) {
          this.field += '"';
          i++;
        } else {
          this.inQuotes = false;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === delimiter) {
        this.record.push(this.field);
        this.field = '';
        this.fieldStarted = false;
        i++;
      } else if (c === LF || c === CR) {
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
        i++;
        if (c === CR) {
          if (i === n) this.crAtChunkEnd = true;
          else if (text.charCodeAt(i) === LF) i++;
        }
      } else if (c === QUOTE && !this.fieldStarted) {
        this.inQuotes = true;
        this.fieldStarted = true;
        this.quoteLine = this.line;
        i++;
      } else {
        // The plain run up to the next special character, in one slice. It starts at i even when
        // text[i] is a quote: after text (or a closed quote) a quote is text.
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === delimiter || d === LF || d === CR || d === QUOTE) break;
          j++;
        }
        this.field += text.slice(i, j);
        this.fieldStarted = true;
        i = j;
      }
    }
  }

  end(): void {
    if (this.quoteAtChunkEnd) {
      this.quoteAtChunkEnd = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) throw new CsvUnclosedQuoteError(this.records + 1, this.quoteLine);
    this.endRecord();
  }

  private endRecord(): void {
    if (this.record.length === 0 && !this.fieldStarted) return; // a blank line
    const record = this.record;
    record.push(this.field);
    this.records++;
    this.record = [];
    this.field = '';
    this.fieldStarted = false;
    this.onRecord(record, this.recordLine);
  }
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
