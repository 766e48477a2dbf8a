import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import { createOrganization } from '../organizations/organizations.service.js';
import { openStorage } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';
import { ensureAccount } from '../users/users.service.js';
import type { TCliIo } from './cli-context.js';
import { registerImportCommand } from './import-command.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-import-cli-'));
const database = path.join(dir, 'import.db');

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function touchstone(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  return run(false, args);
}

async function run(
  interactive: boolean,
  args: string[],
): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const io: TCliIo = {
    out: (text) => (out += text),
    err: (text) => (err += text),
    interactive,
  };
  const program = new Command('touchstone').exitOverride();
  registerImportCommand(program, io);
  await program.parseAsync(['node', 'touchstone', 'import', ...args, '--database', database]);
  return { out, err, code: Number(process.exitCode ?? 0) };
}

async function addOrganization(slug: string): Promise<void> {
  const storage = await openStorage(database);
  try {
    await migrateToLatest(storage.db);
    const { userId } = await ensureAccount(storage.db, {
      email: `owner@${slug}.test`,
      name: 'Owner',
      password: 'correct horse battery staple',
    });
    const org = await createOrganization(storage, { name: slug, slug }, userId);
    await seedTouchpoints(storage, org.id, ['lounge']);
  } finally {
    await storage.close();
  }
}

beforeAll(async () => {
  await addOrganization('lounges');
});
afterEach(() => {
  process.exitCode = undefined;
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('touchstone import', () => {
  it('imports customers, then interactions with one bad row, into the only organization', async () => {
    const customers = write('customers.csv', 'externalId,name\r\nc-1,"Ng, Amy"\r\nc-2,Bo\r\n');
    const first = await touchstone('customers', customers);
    expect(first.code).toBe(0);
    expect(first.err).toBe('');
    expect(first.out).toMatch(
      /^customers\.csv: 2 rows, 2 created, 0 updated, 0 failed in \d+\.\d s \(\d+ rows\/s\)\n$/,
    );

    const lines = [
      {
        externalId: 'v-1',
        customerExternalId: 'c-1',
        touchpoint: 'lounge',
        occurredAt: '2026-01-01T00:00:00Z',
        type: 'visit',
      },
      {
        externalId: 'v-2',
        customerExternalId: 'c-2',
        touchpoint: 'spa',
        occurredAt: '2026-01-01T00:00:00Z',
        type: 'visit',
      },
      {
        externalId: 'v-3',
        customerExternalId: 'c-2',
        touchpoint: 'lounge',
        occurredAt: '2026-01-02T00:00:00Z',
        type: 'visit',
      },
    ];
    const interactions = write('visits.ndjson', lines.map((l) => JSON.stringify(l)).join('\n'));
    const second = await touchstone('interactions', interactions);
    expect(second.code).toBe(0);
    expect(second.out).toContain('visits.ndjson: 3 rows, 2 created, 0 updated, 1 failed');
    expect(second.err).toBe('row 2, touchpoint: no touchpoint with key "spa"\n');

    const again = await touchstone('interactions', interactions);
    expect(again.out).toContain('3 rows, 0 created, 2 updated, 1 failed');

    // The format comes from --format when the extension does not tell.
    const text = write('more.txt', '{"externalId":"c-3"}\n');
    const byFlag = await touchstone('customers', text, '--format', 'ndjson');
    expect(byFlag.out).toContain('more.txt: 1 row, 1 created');
  });

  it('resumes an import by --import-id, passing over the rows it did', async () => {
    const file = write('resume.csv', 'externalId\nr-1\nr-2\nr-3\n');
    const first = await touchstone('customers', file, '--import-id', 'crm-export-7');
    expect(first.out).toMatch(/^resume\.csv: 3 rows, 3 created, 0 updated, 0 failed/);
    const again = await touchstone('customers', file, '--import-id', 'crm-export-7');
    expect(again.out).toMatch(/^resume\.csv: 3 rows, 3 done before, 0 created, 0 updated/);
    const bad = await touchstone('customers', file, '--import-id', 'no spaces');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--import-id must be 1 to 100 characters');
  });

  it('exits 1 when nothing can be imported: unknown column, missing file, bad format', async () => {
    const unknown = await touchstone('customers', write('bad.csv', 'externalId,nickname\nx,y\n'));
    expect(unknown.code).toBe(1);
    expect(unknown.out).toBe('');
    expect(unknown.err).toContain('unknown column "nickname"');
    expect(unknown.err).toContain('columns.nickname');
    process.exitCode = undefined;

    const missing = await touchstone('customers', path.join(dir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^error: ENOENT/);
    process.exitCode = undefined;

    const format = await touchstone('customers', write('data.xml', '<x/>'));
    expect(format.code).toBe(1);
    expect(format.err).toContain('pass --format csv|ndjson');
    process.exitCode = undefined;

    const allFailed = await touchstone(
      'customers',
      write('empty-ids.ndjson', '{"name":"no id"}\n'),
    );
    expect(allFailed.code).toBe(1);
    expect(allFailed.err).toBe('row 1, externalId: required\n');
  });

  it('draws a progress bar on stderr when it is a terminal', async () => {
    const file = write('bar.csv', 'externalId\nbar-1\nbar-2\n');
    const { out, err, code } = await run(true, ['customers', file]);
    expect(code).toBe(0);
    expect(err).toContain('importing [');
    expect(err).toContain('100% | 2 rows, 0 failed');
    expect(out).toContain('bar.csv: 2 rows, 2 created');
  });

  it('needs --org once the database has several organizations, and names an unknown one', async () => {
    await addOrganization('gates');
    const file = write('gates.csv', 'externalId\ng-1\n');
    const ambiguous = await touchstone('customers', file);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.err).toContain('--org <slug>');
    process.exitCode = undefined;

    const unknown = await touchstone('customers', file, '--org', 'piers');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no organization with slug "piers"');
    process.exitCode = undefined;

    const named = await touchstone('customers', file, '--org', 'gates');
    expect(named.code).toBe(0);
    expect(named.out).toContain('1 row, 1 created');
  });
});
