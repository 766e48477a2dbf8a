/**
 * The in-memory cube's storage: columnar typed arrays of rollup cells with dictionary-encoded
 * dimensions. A value cell costs 80 bytes (four 4-byte dimension codes, n, sum, sum of squares,
 * eleven histogram counts), plus 8 bytes once the process writes to it (the hash index).
 */
import { HISTOGRAM_BINS } from './rollup-deltas.js';

/** Append-only string <-> dense integer code. */
export class Dictionary {
  private readonly codes = new Map<string, number>();
  readonly values: string[] = [];

  /** The code of a value, added when new. */
  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  /** The code of a known value, or -1. */
  find(value: string): number {
    return this.codes.get(value) ?? -1;
  }

  get size(): number {
    return this.values.length;
  }
}

function grow<T extends Uint32Array | Int32Array | Float64Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array.subarray(0, Math.min(array.length, capacity)));
  return next;
}

/** Mixes four 32-bit codes into a hash (multiply-xorshift). */
function hash4(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ c, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15) ^ d, 0x165667b1);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The rollup cells of one question key: (survey, touchpoint, day, segment) -> statistics. */
export class ValueCells {
  size = 0;
  // Every dimension column is an Int32Array: one array type keeps the scan loop monomorphic.
  survey: Int32Array;
  touchpoint: Int32Array;
  segment: Int32Array;
  /** UTC day numbers. */
  day: Int32Array;
  n: Uint32Array;
  sum: Float64Array;
  sumSq: Float64Array;
  /** HISTOGRAM_BINS counts per cell. */
  hist: Uint32Array;
  /** Open-addressing index (cell + 1, 0 = empty); built on the first write, never for readers. */
  private slots: Int32Array | null = null;

  constructor(capacity = 16) {
    const c = Math.max(16, capacity);
    this.survey = new Int32Array(c);
    this.touchpoint = new Int32Array(c);
    this.segment = new Int32Array(c);
    this.day = new Int32Array(c);
    this.n = new Uint32Array(c);
    this.sum = new Float64Array(c);
    this.sumSq = new Float64Array(c);
    this.hist = new Uint32Array(c * HISTOGRAM_BINS);
  }

  /** Bytes held by the arrays (for the memory report). */
  get bytes(): number {
    return this.survey.length * 80 + (this.slots?.byteLength ?? 0);
  }

  /** Appends a cell without looking for an existing one (loading: rows are unique). */
  push(survey: number, touchpoint: number, day: number, segment: number): number {
    if (this.size === this.survey.length) this.resize(Math.ceil(this.size * 1.5) + 16);
    const i = this.size++;
    this.survey[i] = survey;
    this.touchpoint[i] = touchpoint;
    this.day[i] = day;
    this.segment[i] = segment;
    if (this.slots !== null) this.insertSlot(i);
    return i;
  }

  /** The cell with these dimensions, appended when missing. */
  cell(survey: number, touchpoint: number, day: number, segment: number): number {
    if (this.slots === null) this.rebuildSlots();
    const slots = this.slots as Int32Array;
    const mask = slots.length - 1;
    for (let s = hash4(survey, touchpoint, day, segment) & mask; ; s = (s + 1) & mask) {
      const entry = slots[s] ?? 0;
      if (entry === 0) break;
      const i = entry - 1;
      if (
        this.day[i] === day &&
        this.touchpoint[i] === touchpoint &&
        this.segment[i] === segment &&
        this.survey[i] === survey
      ) {
        return i;
      }
    }
    return this.push(survey, touchpoint, day, segment);
  }

  /** Adds statistics to a cell. */
  add(i: number, n: number, sum: number, sumSq: number, hist: ArrayLike<number>): void {
    this.n[i] = (this.n[i] ?? 0) + n;
    this.sum[i] = (this.sum[i] ?? 0) + sum;
    this.sumSq[i] = (this.sumSq[i] ?? 0) + sumSq;
    const base = i * HISTOGRAM_BINS;
    for (let b = 0; b < HISTOGRAM_BINS; b++) {
      const count = hist[b] ?? 0;
      if (count !== 0) this.hist[base + b] = (this.hist[base + b] ?? 0) + count;
    }
  }

  /** Drops spare capacity after a bulk load. */
  trim(): void {
    if (this.survey.length > this.size + 16) this.resize(this.size + 16);
  }

  private resize(capacity: number): void {
    this.survey = grow(this.survey, capacity);
    this.touchpoint = grow(this.touchpoint, capacity);
    this.segment = grow(this.segment, capacity);
    this.day = grow(this.day, capacity);
    this.n = grow(this.n, capacity);
    this.sum = grow(this.sum, capacity);
    this.sumSq = grow(this.sumSq, capacity);
    this.hist = grow(this.hist, capacity * HISTOGRAM_BINS);
    if (this.slots !== null && this.slots.length < capacity * 2) this.rebuildSlots();
  }

  private rebuildSlots(): void {
    let length = 64;
    while (length < Math.max(this.survey.length, this.size) * 2) length *= 2;
    this.slots = new Int32Array(length);
    for (let i = 0; i < this.size; i++) this.insertSlot(i);
  }

  private insertSlot(i: number): void {
    const slots = this.slots as Int32Array;
    const mask = slots.length - 1;
    const start = hash4(
      this.survey[i] ?? 0,
      this.touchpoint[i] ?? 0,
      this.day[i] ?? 0,
      this.segment[i] ?? 0,
    );
    let s = start & mask;
    while ((slots[s] ?? 0) !== 0) s = (s + 1) & mask;
    slots[s] = i + 1;
  }
}

/**
 * Cross-product cells of an organization: (survey, touchpoint, month, segment, answer pattern)
 * -> the upper triangle of the moment matrix of [1, x...] over the pattern's variables.
 */
export class CrossCells {
  size = 0;
  survey = new Uint32Array(16);
  touchpoint = new Uint32Array(16);
  /** Months since 1970-01. */
  month = new Int32Array(16);
  segment = new Uint32Array(16);
  pattern = new Uint32Array(16);
  offset = new Uint32Array(16);
  moments = new Float64Array(1024);
  private used = 0;
  private readonly byCellId = new Map<string, number>();

  get bytes(): number {
    return this.survey.length * 24 + this.moments.byteLength;
  }

  /** Adds moments to the cell with this id, appending it (with its dimensions) when new. */
  add(
    cellId: string,
    dims: { survey: number; touchpoint: number; month: number; segment: number; pattern: number },
    moments: ArrayLike<number>,
  ): void {
    let i = this.byCellId.get(cellId);
    if (i === undefined) {
      if (this.size === this.survey.length) {
        const capacity = Math.ceil(this.size * 1.5) + 16;
        this.survey = grow(this.survey, capacity);
        this.touchpoint = grow(this.touchpoint, capacity);
        this.month = grow(this.month, capacity);
        this.segment = grow(this.segment, capacity);
        this.pattern = grow(this.pattern, capacity);
        this.offset = grow(this.offset, capacity);
      }
      if (this.used + moments.length > this.moments.length) {
        this.moments = grow(this.moments, Math.ceil((this.used + moments.length) * 1.5));
      }
      i = this.size++;
      this.survey[i] = dims.survey;
      this.touchpoint[i] = dims.touchpoint;
      this.month[i] = dims.month;
      this.segment[i] = dims.segment;
      this.pattern[i] = dims.pattern;
      this.offset[i] = this.used;
      this.used += moments.length;
      this.byCellId.set(cellId, i);
    }
    const base = this.offset[i] ?? 0;
    for (let k = 0; k < moments.length; k++) {
      this.moments[base + k] = (this.moments[base + k] ?? 0) + (moments[k] ?? 0);
    }
  }
}
