import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerAnalyzeCommand } from './analyze-command.js';

let dir = '';

// Survey rows: sat, speed, price, staff. Two extra rows are incomplete and must be left out.
const complete = [
  [7, 6, 4, 7],
  [5, 4, 5, 5],
  [8, 7, 3, 8],
  [4, 3, 6, 4],
  [6, 5, 5, 6],
  [9, 8, 2, 9],
  [3, 2, 7, 4],
  [6, 6, 4, 5],
  [7, 5, 3, 7],
  [5, 5, 6, 4],
  [8, 6, 2, 8],
  [4, 4, 7, 3],
  [6, 4, 4, 6],
  [7, 7, 5, 6],
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'analyze-'));
  // BOM, CRLF, quoted header names, a comment with a comma, doubled quotes and a line break.
  const lines = [
    '"respondent","sat","speed","price","staff","comment"',
    ...complete.map(
      ([sat, speed, price, staff], i) =>
        `r${i},${sat},${speed},${price},${staff},"fine, ""ok""\r\nthanks"`,
    ),
    'r98,6,,4,5,missing speed',
    'r99,6,5,n/a,5,"price not numeric"',
  ];
  writeFileSync(join(dir, 'drivers.csv'), `\uFEFF${lines.join('\r\n')}\r\n`);
  writeFileSync(join(dir, 'drivers-semicolon.csv'), lines.join('\n').replace(/,/g, ';'));
  writeFileSync(
    join(dir, 'nps.tsv'),
    [
      'id\tscore\tregion',
      '1\t10\tnorth',
      '2\t9\tnorth',
      '3\t8\tnorth',
      '4\t6\tnorth',
      '5\t10\tsouth',
      '6\t3\tsouth',
      '7\t11\tsouth',
      '8\t\tnorth',
      '9\t7.5\tsouth',
      '10\tx\tnorth',
      '11\t0\tsouth',
      '12\t9\tnorth',
      '13\t7\tsouth',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'flat.csv'), 'y,a,b\n1,5,1\n2,5,3\n3,5,2\n4,5,5\n5,5,4\n');
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

describe('touchstone analyze drivers', () => {
  const args = (file: string): string[] => [
    'analyze',
    'drivers',
    '--csv',
    join(dir, file),
    '--outcome',
    'sat',
    '--drivers',
    'speed, price,staff',
  ];

  it('prints relative weights as JSON, leaving out incomplete rows', async () => {
    const { out, err, exitCode } = await run(...args('drivers.csv'), '--json');
    expect(err).toBe('');
    expect(exitCode).toBeUndefined();
    const result = JSON.parse(out) as {
      r2: number;
      drivers: { name: string; weight: number; rescaled: number; sign: number }[];
    };
    // Expected values: numpy (eigh of the driver correlation matrix) on the 14 complete rows.
    expect(result.r2).toBeCloseTo(0.9898966802387656, 10);
    const expected = [
      ['speed', 0.3485264453889464, 35.20836591803509, 1],
      ['price', 0.314239281104732, 31.744654505653724, -1],
      ['staff', 0.32713095374508855, 33.04697957631131, 1],
    ] as const;
    expect(result.drivers.map((d) => Object.keys(d))).toEqual(
      expected.map(() => ['name', 'weight', 'rescaled', 'sign']),
    );
    expected.forEach(([name, weight, rescaled, sign], i) => {
      expect(result.drivers[i]?.name).toBe(name);
      expect(result.drivers[i]?.weight).toBeCloseTo(weight, 10);
      expect(result.drivers[i]?.rescaled).toBeCloseTo(rescaled, 8);
      expect(result.drivers[i]?.sign).toBe(sign);
    });
  });

  it('runs Shapley regression on request (checked against OLS fits over every order of entry)', async () => {
    const { out } = await run(...args('drivers.csv'), '--method', 'shapley', '--json');
    const result = JSON.parse(out) as {
      r2: number;
      drivers: { weight: number; rescaled: number }[];
    };
    expect(result.r2).toBeCloseTo(0.9898966802387664, 10);
    [0.3344222716940391, 0.3175948792805308, 0.3378795292641965].forEach((weight, i) =>
      expect(result.drivers[i]?.weight).toBeCloseTo(weight, 10),
    );
    expect(result.drivers[0]?.rescaled).toBeCloseTo(33.783553210156775, 8);
  });

  it('takes a --delimiter and prints a readable table without --json', async () => {
    const { out, exitCode } = await run(...args('drivers-semicolon.csv'), '--delimiter', ';');
    expect(exitCode).toBeUndefined();
    expect(out).toContain('R² = 0.9899, 14 rows used, 2 left out');
    expect(out).toMatch(/speed\s+0\.3485\s+35\.2\s+\+/);
    expect(out).toMatch(/price\s+0\.3142\s+31\.7\s+-/);
  });

  it('names an unknown column and lists the available ones on one stderr line', async () => {
    const { out, err, exitCode } = await run(
      'analyze',
      'drivers',
      '--csv',
      join(dir, 'drivers.csv'),
      '--outcome',
      'sat',
      '--drivers',
      'speed,wait',
      '--json',
    );
    expect(out).toBe('');
    expect(err).toBe(
      'error: unknown column "wait"; available columns: respondent, sat, speed, price, staff, comment\n',
    );
    expect(exitCode).toBe(1);
  });

  it('reports an unreadable file, a bad method and a constant column', async () => {
    const missing = join(dir, 'nope.csv');
    const unreadable = await run(
      'analyze',
      'drivers',
      '--csv',
      missing,
      '--outcome',
      'sat',
      '--drivers',
      'a',
    );
    expect(unreadable.err).toBe(`error: cannot read "${missing}": no such file\n`);
    expect(unreadable.exitCode).toBe(1);
    const method = await run(...args('drivers.csv'), '--method', 'magic');
    expect(method.err).toBe('error: unknown --method "magic"; use relative-weights or shapley\n');
    expect(method.exitCode).toBe(1);
    const flat = await run(
      'analyze',
      'drivers',
      '--csv',
      join(dir, 'flat.csv'),
      '--outcome',
      'y',
      '--drivers',
      'a,b',
    );
    expect(flat.err).toBe('error: column "a" has no variance (every value equal)\n');
    expect(flat.exitCode).toBe(1);
  });
});

describe('touchstone analyze nps', () => {
  const file = (): string => join(dir, 'nps.tsv');

  it('groups by a column in a TSV (tab picked from the extension), leaving out invalid scores', async () => {
    const { out, exitCode } = await run(
      'analyze',
      'nps',
      '--csv',
      file(),
      '--score',
      'score',
      '--by',
      'region',
      '--json',
    );
    expect(exitCode).toBeUndefined();
    const { groups } = JSON.parse(out) as {
      groups: {
        key: string;
        n: number;
        nps: number;
        promoters: number;
        passives: number;
        detractors: number;
        ci95: [number, number];
      }[];
    };
    // north: 10, 9, 8, 6, 9 -> 3 promoters, 1 passive, 1 detractor; south: 10, 3, 0, 7 (11, 7.5 dropped).
    expect(groups.map(({ ci95: _, ...rest }) => rest)).toEqual([
      { key: 'north', n: 5, nps: 40, promoters: 3, passives: 1, detractors: 1 },
      { key: 'south', n: 4, nps: -25, promoters: 1, passives: 1, detractors: 2 },
    ]);
    // Adjusted-Wald (n < 100) by hand: add 3 to n and 0.75 to promoters and detractors.
    expect(groups[0]?.ci95[0]).toBeCloseTo(-29.782658786036354, 9);
    expect(groups[0]?.ci95[1]).toBeCloseTo(79.78265878603635, 9);
    expect(groups[1]?.ci95[0]).toBeCloseTo(-72.73119710132777, 9);
    expect(groups[1]?.ci95[1]).toBeCloseTo(44.15976852989918, 9);
  });

  it('reports one group with a null key without --by, and accepts --delimiter tab', async () => {
    const { out } = await run(
      'analyze',
      'nps',
      '--csv',
      file(),
      '--score',
      'score',
      '--delimiter',
      'tab',
      '--json',
    );
    const { groups } = JSON.parse(out) as {
      groups: { key: null; n: number; nps: number; ci95: [number, number] }[];
    };
    expect(groups).toHaveLength(1);
    expect(groups[0]?.key).toBeNull();
    expect(groups[0]?.n).toBe(9);
    expect(groups[0]?.nps).toBeCloseTo(100 / 9, 10);
    expect(groups[0]?.ci95[0]).toBeCloseTo(-39.0512328420846, 9);
    expect(groups[0]?.ci95[1]).toBeCloseTo(55.717899508751266, 9);
  });

  it('prints a table without --json', async () => {
    const { out } = await run(
      'analyze',
      'nps',
      '--csv',
      file(),
      '--score',
      'score',
      '--by',
      'region',
    );
    expect(out).toContain('9 rows used, 4 left out');
    expect(out).toMatch(/north\s+5\s+40\.0\s+-29\.8 to 79\.8\s+3\s+1\s+1/);
  });

  it('names an unknown --by column', async () => {
    const { err, exitCode } = await run(
      'analyze',
      'nps',
      '--csv',
      file(),
      '--score',
      'score',
      '--by',
      'country',
    );
    expect(err).toBe('error: unknown column "country"; available columns: id, score, region\n');
    expect(exitCode).toBe(1);
  });
});
