/**
 * An incremental RFC 4180 CSV reader: text chunks in, records out. A quoted field may hold commas,
 * doubled quotes and line breaks, and may be split across chunks anywhere (even between the two
 * quotes of an escaped quote, or between CR and LF). A leading BOM is dropped; blank lines are
 * skipped. Lenient where the RFC is silent: a quote inside an unquoted field is kept as text.
 */
const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

/** A quoted field was still open when the input ended. */
export class CsvFormatError extends Error {
  constructor(
    /** The number of the record it happened in (1 = the first record, the header). */
    readonly record: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

export class CsvReader {
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

  /** Reads a chunk and appends the records it completes to `out`. */
  push(text: string, out: string[][]): void {
    let i = 0;
    const n = text.length;
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
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          this.field += text.slice(i);
          return;
        }
        this.field += text.slice(i, q);
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
      if (c === COMMA) {
        this.record.push(this.field);
        this.field = '';
        this.fieldStarted = false;
        i++;
      } else if (c === LF || c === CR) {
        this.endRecord(out);
        i++;
        if (c === CR) {
          if (i === n) this.crAtChunkEnd = true;
          else if (text.charCodeAt(i) === LF) i++;
        }
      } else if (c === QUOTE && !this.fieldStarted) {
        this.inQuotes = true;
        this.fieldStarted = true;
        i++;
      } else {
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === COMMA || d === LF || d === CR || d === QUOTE) break;
          j++;
        }
        // Starts at i even when text[i] is a quote: after text (or a closed quote) it is text.
        this.field += text.slice(i, j);
        this.fieldStarted = true;
        i = j;
      }
    }
  }

  /** Finishes the input: appends the last record (when the text did not end with a line break). */
  end(out: string[][]): void {
    if (this.quoteAtChunkEnd) {
      this.quoteAtChunkEnd = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) {
      throw new CsvFormatError(this.records + 1, 'a quoted field is not closed before the end');
    }
    this.endRecord(out);
  }

  private endRecord(out: string[][]): void {
    if (this.record.length === 0 && !this.fieldStarted) return; // a blank line
    this.record.push(this.field);
    out.push(this.record);
    this.records++;
    this.record = [];
    this.field = '';
    this.fieldStarted = false;
  }
}
