import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerAnalyzeCommand } from './analyze-command.js';

let dir = '';

interface Row {
  row: number;
  score: number;
  label: string;
  themes: string[];
  language: string;
  truncated: boolean;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'analyze-sentiment-'));
  const lounge = Array.from(
    { length: 4 },
    (_, i) => `"Lounge ${i + 1}: the lounge bar only had lemon cola, no diet cola"`,
  );
  const lines = [
    'id,comment,score',
    '1,"Flight delayed again, on hold for an hour. Thanks a lot.",2',
    '2,"The cabin crew were lovely and the seat was comfortable",10',
    '3,,5',
    '4,"Can I add a bag to my booking?",7',
    '5,"Le vol était en retard et personne ne nous a informés",3',
    ...lounge.map((text, i) => `${6 + i},${text},4`),
    `10,"${'The wifi did not work. '.repeat(100)}",1`,
  ];
  writeFileSync(join(dir, 'comments.csv'), `${lines.join('\r\n')}\r\n`);
  writeFileSync(join(dir, 'comments.tsv'), 'text\tx\nGreat staff, thank you!\t1\n');
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

describe('touchstone analyze sentiment', () => {
  it('prints one object per data row, in order, with labels and theme names', async () => {
    const file = join(dir, 'comments.csv');
    const { out, err, exitCode } = await run(
      'analyze',
      'sentiment',
      '--csv',
      file,
      '--text',
      'comment',
      '--json',
    );
    expect(err).toBe('');
    expect(exitCode).toBeUndefined();
    const rows = JSON.parse(out) as Row[];
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const [delayed, crew, empty, question, french] = rows;
    expect(delayed?.label).toBe('negative');
    expect(delayed?.themes).toEqual(expect.arrayContaining(['Delays', 'Waiting and queues']));
    expect(crew?.label).toBe('positive');
    expect(crew?.themes).toEqual(expect.arrayContaining(['Cabin crew', 'Seats and comfort']));
    expect(empty).toMatchObject({ score: 0, label: 'neutral', themes: [] });
    expect(question?.label).toBe('neutral');
    expect(question?.themes).toEqual(expect.arrayContaining(['Baggage', 'Booking and website']));
    expect(french).toMatchObject({ score: 0, label: 'neutral', language: 'fr' });
    // Discovered in the file: the compound names its theme; built-in ones are not rediscovered.
    expect(rows[5]?.themes).toEqual(expect.arrayContaining(['Drinks', 'Lounge', 'lemon cola']));
    expect(rows[9]).toMatchObject({ label: 'negative', truncated: true });
    for (const r of rows) expect(Number.isFinite(r.score)).toBe(true);
  });

  it('uses only the built-in themes with --themes builtin, only discovered ones with discover', async () => {
    const file = join(dir, 'comments.csv');
    const builtin = JSON.parse(
      (
        await run(
          'analyze',
          'sentiment',
          '--csv',
          file,
          '--text',
          'comment',
          '--themes',
          'builtin',
          '--json',
        )
      ).out,
    ) as Row[];
    expect(builtin[5]?.themes).toEqual(['Drinks', 'Lounge']);
    const discovered = JSON.parse(
      (
        await run(
          'analyze',
          'sentiment',
          '--csv',
          file,
          '--text',
          'comment',
          '--themes',
          'discover',
          '--json',
        )
      ).out,
    ) as Row[];
    expect(discovered[5]?.themes).toContain('lemon cola');
    expect(discovered[5]?.themes).not.toContain('Drinks');
  });

  it('reads TSV by extension and prints a table with a summary without --json', async () => {
    const { out, err } = await run(
      'analyze',
      'sentiment',
      '--csv',
      join(dir, 'comments.tsv'),
      '--text',
      'text',
    );
    expect(err).toBe('');
    expect(out).toMatch(/^row\s+label\s+score\s+themes\s+comment/);
    expect(out).toMatch(/1\s+positive\s+0\.\d\d\s+Staff friendliness\s+Great staff, thank you!/);
    expect(out).toContain('1 comments: 0 negative, 0 neutral, 1 positive; 0 in another language');
  });

  it('names a missing column and the columns present, and refuses an unknown theme mode', async () => {
    const file = join(dir, 'comments.csv');
    const missing = await run(
      'analyze',
      'sentiment',
      '--csv',
      file,
      '--text',
      'feedback',
      '--json',
    );
    expect(missing.out).toBe('');
    expect(missing.err).toBe(
      'error: unknown column "feedback"; available columns: id, comment, score\n',
    );
    expect(missing.exitCode).toBe(1);
    const mode = await run(
      'analyze',
      'sentiment',
      '--csv',
      file,
      '--text',
      'comment',
      '--themes',
      'all',
    );
    expect(mode.err).toBe('error: unknown --themes "all"; use both, builtin, discover\n');
    expect(mode.exitCode).toBe(1);
  });
});
