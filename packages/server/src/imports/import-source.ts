import { AppError } from '@touchstone/core';
import { createCsvParser } from '../csv/csv-parser.js';

/** Bytes or text of an import file, in chunks: a Node Readable, a generator, an array. */
export type TImportSource =
  AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>;

/** One row as read from a file, before validation: its number and value, or why it is unreadable. */
export type TRowInput =
  { row: number; value: unknown } | { row: number; error: { field: string; reason: string } };

/** Decodes UTF-8 chunks to text (a character split across chunks is kept whole); counts bytes. */
export async function* textChunks(
  source: TImportSource,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      onBytes(Buffer.byteLength(chunk));
      yield chunk;
    } else {
      onBytes(chunk.byteLength);
      const text = decoder.decode(chunk, { stream: true });
      if (text !== '') yield text;
    }
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/** What a client may still send after the limit that is read and dropped before the 413. */
const DRAIN_BYTES = 64 * 2 ** 20;

/**
 * Passes chunks through until more than `limit` bytes came, then fails with payload_too_large.
 * The rest of the body is read and dropped first (up to DRAIN_BYTES more): a client still
 * sending when the server stops reading gets a reset instead of the answer that says what was
 * stored.
 */
export async function* limitBytes(
  source: TImportSource,
  limit: number,
): AsyncGenerator<Buffer | Uint8Array | string> {
  let total = 0;
  for await (const chunk of source) {
    total += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (total > limit + DRAIN_BYTES) break;
    if (total <= limit) yield chunk;
  }
  if (total > limit) {
    throw new AppError('payload_too_large', `the import is larger than ${limit} bytes`);
  }
}

/** CSV records in batches (one per chunk read), the header first. */
export async function* csvRecordBatches(text: AsyncIterable<string>): AsyncGenerator<string[][]> {
  let out: string[][] = [];
  const parser = createCsvParser({}, (fields) => out.push(fields));
  for await (const chunk of text) {
    parser.push(chunk);
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
  parser.end();
  if (out.length > 0) yield out;
}

function parseLine(line: string, row: number): TRowInput {
  try {
    return { row, value: JSON.parse(line) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'not JSON';
    return { row, error: { field: '(line)', reason: `not valid JSON: ${reason}` } };
  }
}

/**
 * NDJSON rows in batches: one JSON value per line; the row number is the line number, so that an
 * error points at the line in an editor. Blank lines are skipped; a leading BOM is dropped.
 */
export async function* ndjsonRowBatches(text: AsyncIterable<string>): AsyncGenerator<TRowInput[]> {
  let carry = '';
  let line = 0;
  let first = true;
  for await (const chunk of text) {
    let data = carry === '' ? chunk : carry + chunk;
    if (first && data !== '') {
      first = false;
      if (data.charCodeAt(0) === 0xfeff) data = data.slice(1);
    }
    const out: TRowInput[] = [];
    let start = 0;
    for (let nl = data.indexOf('\n'); nl !== -1; nl = data.indexOf('\n', start)) {
      line++;
      const end = nl > start && data.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (end > start) {
        const text = data.slice(start, end);
        if (text.trim() !== '') out.push(parseLine(text, line));
      }
      start = nl + 1;
    }
    carry = data.slice(start);
    if (out.length > 0) yield out;
  }
  if (carry.trim() !== '') yield [parseLine(carry, line + 1)];
}
