import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TCliIo } from './cli-context.js';
import { registerDemoCommand } from './demo-command.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-demo-cli-'));
const database = path.join(dir, 'demo.db');

async function runDemo(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const io: TCliIo = {
    out: (text) => (out += text),
    err: (text) => (err += text),
    interactive: false,
  };
  const program = new Command('touchstone').exitOverride();
  registerDemoCommand(program, io);
  await program.parseAsync(['node', 'touchstone', 'demo', '--database', database, ...args]);
  const code = Number(process.exitCode ?? 0);
  return { out, err, code };
}

afterEach(() => {
  process.exitCode = undefined;
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('touchstone demo', () => {
  it('creates the demo organization and prints counts and the sign-in', async () => {
    const { out, err, code } = await runDemo(
      ...['--customers', '30', '--months', '2', '--seed', '3', '--end-date', '2026-10-31'],
    );
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('created organization aurora-airways (seed 3, 2 months to 2026-10-31)');
    // Two months are too short for four months back: the change falls in the middle.
    expect(out).toContain('planted change: the lounge bar, from 2026-10-01');
    // Data phases say how long they took and how fast they went; the model rows do not.
    expect(out).toMatch(/^ {2}customers {6}30 {2}\(\d+\.\d s, [\d,]+\/s\)$/m);
    expect(out).toMatch(/^ {2}responses {6}\d+ {2}\(\d+\.\d s, [\d,]+\/s\)$/m);
    expect(out).toMatch(/^ {2}touchpoints {4}20$/m);
    // Then the comments are analysed and the change scan runs.
    expect(out).toMatch(/^ {2}comments {7}\d+ {2}\(\d+\.\d s, [\d,]+\/s\)$/m);
    expect(out).toMatch(/^ {2}alerts {9}\d+ {2}\(\d+\.\d s\)$/m);
    expect(out).toMatch(/^in \d+\.\d s$/m);
    expect(out).toContain('sign in: demo@touchstone.local / touchstone-demo');
  });

  it('refuses a second demo in the same database', async () => {
    const { out, err, code } = await runDemo('--customers', '30');
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('the demo organization "aurora-airways" already exists');
  });

  it('names a bad flag', async () => {
    const { err, code } = await runDemo('--customers', 'many');
    expect(code).toBe(1);
    expect(err).toBe('error: --customers must be a whole number from 1 to 10000000, not "many"\n');
    const date = await runDemo('--end-date', '2026-11-31');
    expect(date.code).toBe(1);
    expect(date.err).toBe(
      'error: --end-date must be a calendar date written YYYY-MM-DD, not "2026-11-31"\n',
    );
  });
});
