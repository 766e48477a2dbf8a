import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerAnalyzeCommand } from './analyze-command.js';
import { parseDayCell } from './analyze-changes.js';

let dir = '';

/** mulberry32, so the files are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.UTC(2024, 0, 1);
const CHANGE = Date.UTC(2024, 8, 16); // Monday 2024-09-16
const DAY = 86_400_000;

/**
 * A year of daily rows, 12 a day, over plan (gold/basic) x region (north/south); from CHANGE on
 * gold x south scores 2.5 points lower (0-10 scale). `shift` 0 gives a file without a change.
 */
function scoresFile(seed: number, shift: number): string {
  const next = random(seed);
  const lines = ['when,score,plan,region'];
  for (let t = START; t < START + 364 * DAY; t += DAY) {
    for (let r = 0; r < 12; r++) {
      const plan = next() < 0.5 ? 'gold' : 'basic';
      const region = next() < 0.5 ? 'north' : 'south';
      const hit = plan === 'gold' && region === 'south' && t >= CHANGE;
      const latent = 7.6 + (hit ? -shift : 0) + 2 * (next() + next() + next() - 1.5);
      const score = Math.min(10, Math.max(0, Math.round(latent)));
      lines.push(`${new Date(t).toISOString().slice(0, 10)},${score},${plan},${region}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'changes-'));
  writeFileSync(join(dir, 'planted.csv'), scoresFile(5, 2.5));
  writeFileSync(join(dir, 'flat.csv'), scoresFile(6, 0));
  writeFileSync(
    join(dir, 'short.csv'),
    'when,score\n2024-01-01,5\n2024-01-02,6\n2024-01-09,4\n2024-01-15,7\n',
  );
  writeFileSync(
    join(dir, 'bad-dates.csv'),
    `${scoresFile(5, 2.5).trimEnd()}\nyesterday,5,gold,north\n2024-02-31,5,gold,north\n2024-03-01,ten,gold,north\n`,
  );
});

afterEach(() => {
  process.exitCode = undefined;
});

async function run(...args: string[]): Promise<{ out: string; err: string; exitCode: unknown }> {
  let out = '';
  let err = '';
  const program = new Command().exitOverride();
  registerAnalyzeCommand(program, {
    out: (text) => (out += text),
    err: (text) => (err += text),
    interactive: false,
  });
  await program.parseAsync(args, { from: 'user' });
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  return { out, err, exitCode };
}

const base = (file: string) => [
  'analyze',
  'changes',
  '--csv',
  join(dir, file),
  '--date',
  'when',
  '--score',
  'score',
];

interface TChanges {
  changes: {
    segment: Record<string, string>;
    date: string;
    before: number;
    after: number;
    p: number;
  }[];
}

describe('touchstone analyze changes', () => {
  it('finds the planted NPS drop for gold x south at its week, and only there', async () => {
    const { out, err, exitCode } = await run(
      ...base('planted.csv'),
      '--metric',
      'nps',
      '--segments',
      'plan,region',
      '--json',
    );
    expect(err).toBe('');
    expect(exitCode).toBeUndefined();
    const result = JSON.parse(out) as TChanges;
    expect(result.changes).toHaveLength(1);
    const change = result.changes[0];
    expect(Object.keys(change ?? {})).toEqual(['segment', 'date', 'before', 'after', 'p']);
    expect(change?.segment).toEqual({ plan: 'gold', region: 'south' });
    const days = (Date.parse(change?.date ?? '') - CHANGE) / DAY;
    expect(Math.abs(days)).toBeLessThanOrEqual(14);
    expect(change?.before).toBeGreaterThan((change?.after ?? 0) + 20);
    expect(change?.p).toBeGreaterThan(0);
    expect(change?.p).toBeLessThan(0.05);
  });

  it('finds the same drop in the mean', async () => {
    const { out } = await run(...base('planted.csv'), '--segments', 'plan, region', '--json');
    const result = JSON.parse(out) as TChanges;
    expect(result.changes.map((c) => c.segment)).toEqual([{ plan: 'gold', region: 'south' }]);
    expect(result.changes[0]?.before).toBeGreaterThan((result.changes[0]?.after ?? 0) + 1.5);
  });

  it('reports the whole population as an empty segment, and nothing on a flat file', async () => {
    const planted = JSON.parse((await run(...base('planted.csv'), '--json')).out) as TChanges;
    expect(planted.changes.map((c) => c.segment)).toEqual([{}]);
    const flat = await run(...base('flat.csv'), '--segments', 'plan,region', '--json');
    expect(JSON.parse(flat.out)).toEqual({ changes: [] });
  });

  it('prints a readable summary without --json', async () => {
    const { out } = await run(...base('planted.csv'), '--segments', 'plan,region');
    expect(out).toMatch(/^1 change\(s\) in 9 series tested/);
    expect(out).toContain('plan = gold x region = south');
  });

  it('counts rows with unreadable dates or scores on stderr and scans the rest', async () => {
    const { out, err } = await run(
      ...base('bad-dates.csv'),
      '--metric',
      'nps',
      '--segments',
      'plan,region',
      '--json',
    );
    expect(err).toContain('2 rows left out: unreadable date in "when"');
    expect(err).toContain('"yesterday"');
    expect(err).toContain('1 rows left out: "score" is not a whole number from 0 to 10');
    expect((JSON.parse(out) as TChanges).changes).toHaveLength(1);
  });

  it('refuses a series too short to test, an unknown column and an unknown metric', async () => {
    const short = await run(...base('short.csv'), '--json');
    expect(short.exitCode).toBe(1);
    expect(short.out).toBe('');
    expect(short.err).toContain('too short to test');
    const column = await run(...base('planted.csv'), '--segments', 'tier');
    expect(column.err).toContain('unknown column "tier"');
    const metric = await run(...base('planted.csv'), '--metric', 'median');
    expect(metric.err).toContain('unknown --metric "median"');
    const alpha = await run(...base('planted.csv'), '--alpha', 'x');
    expect(alpha.err).toContain('--alpha must be a number');
  });

  it('reads ISO and compact days and refuses impossible ones', () => {
    expect(parseDayCell('1970-01-02')).toBe(1);
    expect(parseDayCell('19700102')).toBe(1);
    expect(parseDayCell('2024-03-01T10:00:00Z')).toBe(parseDayCell('2024-03-01'));
    expect(parseDayCell('2024-02-30')).toBeNull();
    expect(parseDayCell('03/01/2024')).toBeNull();
  });
});
