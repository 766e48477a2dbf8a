import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { ZSurveyDefinition } from '@touchstone/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testServices } from '../../test/harness.js';
import { systemActor } from '../auth/actor.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import { createOrganization } from '../organizations/organizations.service.js';
import { loungeSurveyDefinition } from '../../test/support/survey-fixtures.js';
import { openStorage, type TStorage } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';
import { createSurvey, updateSurvey } from '../surveys/surveys.service.js';
import { ensureAccount } from '../users/users.service.js';
import type { TCliIo } from './cli-context.js';
import { registerExportCommand } from './export-command.js';
import { registerImportCommand } from './import-command.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-response-cli-'));
const database = path.join(dir, 'responses.db');
/** The lounge survey (slug `lounge-cli`), and a second survey with the same questions. */
const surveys = { lounge: '', copy: '' };

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function touchstone(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const io: TCliIo = { out: (t) => (out += t), err: (t) => (err += t), interactive: false };
  const program = new Command('touchstone').exitOverride();
  registerImportCommand(program, io);
  registerExportCommand(program, io);
  await program.parseAsync(['node', 'touchstone', ...args, '--database', database]);
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { out, err, code };
}

async function withDatabase<T>(work: (storage: TStorage) => Promise<T>): Promise<T> {
  const storage = await openStorage(database);
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

/** The stored responses of a survey, oldest first, as the columns a test compares. */
function storedResponses(surveyId: string) {
  return withDatabase((storage) =>
    storage.db
      .selectFrom('responses')
      .leftJoin('touchpoints', 'touchpoints.id', 'responses.touchpoint_id')
      .select([
        'responses.answers_json',
        'responses.hidden_json',
        'responses.channel',
        'responses.submitted_at',
        'touchpoints.key as touchpoint_key',
      ])
      .where('responses.survey_id', '=', surveyId)
      .orderBy('responses.submitted_at')
      .execute(),
  );
}

beforeAll(async () => {
  await withDatabase(async (storage) => {
    await migrateToLatest(storage.db);
    const { userId } = await ensureAccount(storage.db, {
      email: 'owner@lounges.test',
      name: 'Owner',
      password: 'correct horse battery staple',
    });
    const org = await createOrganization(storage, { name: 'Lounges', slug: 'lounges' }, userId);
    const touchpoints = await seedTouchpoints(storage, org.id, ['lounge']);
    const ctx = {
      storage,
      actor: systemActor(org.id, 'test'),
      services: await testServices(storage, { start: false }),
    };
    const definition = ZSurveyDefinition.parse(loungeSurveyDefinition());
    for (const name of ['lounge', 'copy'] as const) {
      const survey = await createSurvey(ctx, {
        name: `Lounge ${name}`,
        kind: 'transactional',
        touchpointIds: [touchpoints['lounge'] ?? ''],
        brandId: null,
        definition,
      });
      await updateSurvey(ctx, survey.id, { status: 'live', slug: `${name}-cli` });
      surveys[name] = survey.id;
    }
  });
});
afterEach(() => {
  process.exitCode = undefined;
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('touchstone import responses / export responses', () => {
  it("imports another tool's CSV through a mapping file and --map, listing the row at fault", async () => {
    const mapping = write(
      'mapping.json',
      JSON.stringify({
        'Likelihood to recommend': 'nps',
        Satisfaction: 'csat',
        'Lounge appeals to senses': 'exp.sense',
        Verbatim: 'comment',
        Date: 'submittedAt',
        Store: 'touchpointKey',
        'Internal notes': '',
      }),
    );
    const csv = write(
      'other-tool.csv',
      [
        'Likelihood to recommend,Satisfaction,Lounge appeals to senses,Verbatim,Date,Store,Internal notes,Booking',
        '9,5,4,"Quiet, clean",2025-03-01T08:00:00Z,lounge,vip,B-1',
        '11,4,3,too loud,2025-03-02T08:00:00Z,lounge,,B-2',
        '3,2,,=HYPERLINK("x"),2025-03-03T08:00:00Z,lounge,,B-3',
      ].join('\r\n'),
    );
    const result = await touchstone(
      'import',
      'responses',
      csv,
      '--survey',
      'lounge-cli',
      '--mapping',
      mapping,
      '--map',
      'Booking=hidden.booking',
    );
    expect(result.err).toBe(
      'row 2, Likelihood to recommend: must be a whole number from 0 to 10 (got 11)\n',
    );
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^other-tool\.csv: 3 rows, 2 created, 0 updated, 1 failed in \d+\.\d s \(\d+ rows\/s\)\n$/,
    );

    const stored = await storedResponses(surveys.lounge);
    expect(
      stored.map((r): unknown[] => [JSON.parse(r.answers_json), JSON.parse(r.hidden_json)]),
    ).toEqual([
      [{ nps: 9, csat: 5, exp: { sense: 4 }, comment: 'Quiet, clean' }, { booking: 'B-1' }],
      [{ nps: 3, csat: 2, comment: '=HYPERLINK("x")' }, { booking: 'B-3' }],
    ]);
    expect(stored.map((r) => [r.channel, r.touchpoint_key, r.submitted_at])).toEqual([
      ['import', 'lounge', '2025-03-01T08:00:00.000Z'],
      ['import', 'lounge', '2025-03-03T08:00:00.000Z'],
    ]);
  });

  it('exports as CSV to stdout and NDJSON to a file, and the NDJSON export imports back as it is', async () => {
    const csv = await touchstone('export', 'responses', '--survey', surveys.lounge);
    expect(csv.code).toBe(0);
    const lines = csv.out.split('\r\n');
    expect(lines[0]).toContain('submittedAt');
    expect(lines[0]).toContain(',nps,');
    expect(lines[0]).toContain('exp.sense');
    expect(lines.length).toBe(4); // header, two responses, the empty text after the last CRLF
    // A respondent's formula is neutralised for spreadsheets. (Responses stored in the same
    // millisecond come in id order, which is not the file's.)
    expect(lines.find((l) => l.includes('HYPERLINK'))).toContain(`"'=HYPERLINK(""x"")"`);

    const file = path.join(dir, 'lounge.ndjson');
    const ndjson = await touchstone(
      'export',
      'responses',
      '--survey',
      'lounge-cli',
      '--format',
      'ndjson',
      '--out',
      file,
    );
    expect(ndjson.code).toBe(0);
    expect(ndjson.out).toMatch(/lounge\.ndjson: \d+ bytes of ndjson in \d+\.\d s\n$/);
    const exported = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const byNps = (r: Record<string, unknown>) => (r['answers'] as { nps: number }).nps;
    expect(exported.sort((a, b) => byNps(b) - byNps(a)).map((r) => r['answers'])).toEqual([
      { nps: 9, csat: 5, exp: { sense: 4 }, comment: 'Quiet, clean' },
      { nps: 3, csat: 2, comment: '=HYPERLINK("x")' },
    ]);

    const back = await touchstone('import', 'responses', file, '--survey', 'copy-cli');
    expect(back.err).toBe('');
    expect(back.out).toContain('lounge.ndjson: 2 rows, 2 created, 0 updated, 0 failed');
    const original = await storedResponses(surveys.lounge);
    const copied = await storedResponses(surveys.copy);
    expect(copied).toEqual(original);
  });

  it('names what is wrong: the survey, the mapping, the format; exits 1 when nothing is stored', async () => {
    const file = write('one.csv', 'nps\n7\n');
    const unknown = await touchstone('import', 'responses', file, '--survey', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe('error: no survey with id or slug "nope" in this organization\n');

    const intoLounge = (from: string, ...options: string[]) =>
      touchstone('import', 'responses', from, '--survey', 'lounge-cli', ...options);
    const notObject = await intoLounge(file, '--mapping', write('list.json', '["nps"]'));
    expect(notObject.code).toBe(1);
    expect(notObject.err).toBe('error: --mapping: a JSON object of file column -> target (text)\n');

    const noEquals = await intoLounge(file, '--map', 'nps');
    expect(noEquals.code).toBe(1);
    expect(noEquals.err).toContain('--map takes column=target');

    const noTarget = await intoLounge(file, '--map', 'nps=loyalty');
    expect(noTarget.code).toBe(1);
    expect(noTarget.err).toContain('the mapping of "nps" names no target');
    expect(noTarget.err).toContain('--map.nps');

    const allFailed = await intoLounge(write('bad.ndjson', '{"answers":{"nps":"ten"}}\n'));
    expect(allFailed.code).toBe(1);
    expect(allFailed.out).toContain('1 row, 0 created, 0 updated, 1 failed');
    expect(allFailed.err).toBe(
      'row 1, answers.nps: must be a whole number from 0 to 10 (got "ten")\n',
    );

    const format = await touchstone(
      'export',
      'responses',
      '--survey',
      'lounge-cli',
      '--format',
      'xml',
    );
    expect(format.code).toBe(1);
    expect(format.err).toBe('error: --format must be csv or ndjson, not "xml"\n');

    // Nothing of the refused imports was stored.
    expect(await storedResponses(surveys.lounge)).toHaveLength(2);
  });

  it('records --actions run on the import and queues its rules; refuses another value', async () => {
    const file = write('acting.csv', 'nps,idempotencyKey\n2,act-1\n9,act-2\n');
    const bad = await touchstone(
      'import',
      'responses',
      file,
      '--survey',
      'copy-cli',
      '--actions',
      'all',
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('error: --actions must be skip or run, not "all"\n');

    process.exitCode = 0;
    const run = await touchstone(
      'import',
      'responses',
      file,
      '--survey',
      'copy-cli',
      '--actions',
      'run',
    );
    expect(run.err).toBe('');
    expect(run.out).toContain('acting.csv: 2 rows, 2 created');
    const { imports, jobs } = await withDatabase(async (storage) => ({
      imports: await storage.db
        .selectFrom('imports')
        .select(['actions', 'created'])
        .where('kind', '=', 'responses')
        .orderBy('started_at')
        .execute(),
      jobs: await storage.db
        .selectFrom('jobs')
        .select('payload_json')
        .where('kind', '=', 'rules.imported-responses')
        .execute(),
    }));
    expect(imports.at(-1)).toEqual({ actions: 'run', created: 2 });
    expect(imports.slice(0, -1).every((i) => i.actions === 'skip')).toBe(true);
    expect(jobs.map((j) => (JSON.parse(j.payload_json) as { ids: string[] }).ids.length)).toEqual([
      2,
    ]);
  });
});
