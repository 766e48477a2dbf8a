/** Medians, timing and the plain-text tables the benchmark prints. */
import os from 'node:os';

/** The median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}

/** Runs `work` and returns its result with the elapsed milliseconds. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

/** A number with thousands separators and a fixed count of decimals. */
export function formatNumber(value: number, decimals = 0): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/** Prints rows as an aligned table (numbers right-aligned). */
export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return /^[-\d.,x%]+$/.test(cell) && i > 0 ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ');
  process.stdout.write(
    `\n${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`,
  );
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}

/** One line about the machine: the figures mean little without it. */
export function describeMachine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memory = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${cpus.length} cores (${model}), ${memory} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** The 1-minute load average: other work on a shared machine skews every figure. */
export function loadAverage(): string {
  return (os.loadavg()[0] ?? 0).toFixed(2);
}

/** Progress notes go to stderr so that stdout holds only the report. */
export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}
