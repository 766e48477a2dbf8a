import { newId } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { createSurvey, npsOnlyDefinition } from '../../test/support/survey-fixtures.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { JobWorker } from '../jobs/job-worker.js';
import { findEventsAfter } from '../events/events.repository.js';
import {
  IMPORTED_RESPONSE_RULES_JOB,
  IMPORTED_RULES_HOLD_MS,
  IMPORTED_RULES_SLICE,
  importedRulesQueue,
  registerImportedRuleJobs,
} from './imported-response-rules.js';
import { RULE_SUBSCRIBER } from './rule-events.js';

const HOUR = 3_600_000;

/** Rows of an export: NPS `i % 11` for row i, so 0 to 6 (detractors) 7 times in 11. */
function npsCsv(rows: number, label: string, at = new Date().toISOString()): string {
  const lines = ['nps,submittedAt,idempotencyKey'];
  for (let i = 0; i < rows; i++) lines.push(`${i % 11},${at},${label}-${i}`);
  return `${lines.join('\n')}\n`;
}

/** Detractors among the first `rows` rows of `npsCsv`, counted by hand: 7 of every 11. */
function detractorsIn(rows: number): number {
  return Math.floor(rows / 11) * 7 + Math.min(rows % 11, 7);
}

describeEachDatabase('imported responses and rules', (env) => {
  let surveyId: string;
  let ruleId: string;

  beforeAll(async () => {
    surveyId = (await createSurvey(env(), { definition: npsOnlyDefinition() })).id;
    const rule = await env().as('admin', {
      method: 'POST',
      url: '/api/rules',
      payload: {
        name: 'Detractors',
        trigger: 'response',
        conditions: [{ kind: 'nps', categories: ['detractor'] }],
        actions: [{ type: 'open_case', priority: 'high', title: 'Detractor {{nps}}' }],
      },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    ruleId = rule.json<{ id: string }>().id;
  });

  async function importCsv(csv: string, query = '') {
    const res = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${surveyId}/responses/import${query}`,
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ importId: string; created: number }>();
  }

  /** The rules subscriber has seen every event, and every due job of the import's actions ran. */
  async function settle(ahead = HOUR): Promise<number> {
    expect(await env().services.events.settle([RULE_SUBSCRIBER], 30_000)).toBe(true);
    const registry = new JobRegistry();
    registerImportedRuleJobs(registry);
    // An hour ahead by default: every paced slice is due.
    const later = new Date(Date.now() + ahead);
    const worker = new JobWorker(env().storage, registry, { now: () => later });
    return worker.drain();
  }

  async function importedJobs() {
    return env()
      .storage.db.selectFrom('jobs')
      .select(['payload_json', 'run_at', 'status'])
      .where('kind', '=', IMPORTED_RESPONSE_RULES_JOB)
      .orderBy('run_at')
      .execute();
  }

  async function casesOfImport(label: string) {
    return env()
      .storage.db.selectFrom('cases')
      .innerJoin('responses', 'responses.id', 'cases.response_id')
      .select(['cases.id', 'cases.rule_id'])
      .where('responses.idempotency_key', 'like', `${label}-%`)
      .execute();
  }

  async function runsOfImport(label: string) {
    return env()
      .storage.db.selectFrom('rule_runs')
      .innerJoin('responses', 'responses.id', 'rule_runs.subject_id')
      .select('rule_runs.id')
      .where('responses.idempotency_key', 'like', `${label}-%`)
      .execute();
  }

  async function actionsOf(importId: string) {
    const res = await env().as('admin', { method: 'GET', url: `/api/imports/${importId}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ actions: string }>().actions;
  }

  it('by default opens no case and runs no rule on imported history, yet publishes it', async () => {
    const before = (await findEventsAfter(env().storage.db, 0, 1_000_000)).length;
    // Submitted after the rule was switched on: only the import's default keeps it from acting.
    const result = await importCsv(npsCsv(30, 'quiet'));
    expect(result.created).toBe(30);
    expect(await settle()).toBe(0);

    expect(await casesOfImport('quiet')).toEqual([]);
    expect(await runsOfImport('quiet')).toEqual([]);
    expect(await importedJobs()).toEqual([]);
    expect(await actionsOf(result.importId)).toBe('skip');
    const events = (await findEventsAfter(env().storage.db, 0, 1_000_000)).slice(before);
    expect(events.filter((e) => e.type === 'responses.imported')).toHaveLength(1);
  });

  it('with actions=run opens a case per imported detractor, in paced slices', async () => {
    const rows = 2 * IMPORTED_RULES_SLICE + 50;
    const yearAgo = new Date(Date.now() - 365 * 24 * HOUR).toISOString();
    const result = await importCsv(npsCsv(rows, 'acting', yearAgo), '?actions=run');
    expect(result.created).toBe(rows);
    expect(await actionsOf(result.importId)).toBe('run');

    const queued = await importedJobs();
    expect(queued).toHaveLength(3);
    const sizes = queued.map((j) => (JSON.parse(j.payload_json) as { ids: string[] }).ids.length);
    expect(sizes).toEqual([IMPORTED_RULES_SLICE, IMPORTED_RULES_SLICE, 50]);
    // Due one after another, not all at once, and released once the batch was stored: due within
    // seconds, not held back until IMPORTED_RULES_HOLD_MS.
    const due = queued.map((j) => Date.parse(j.run_at));
    expect(due[1]).toBeGreaterThan(due[0] ?? Infinity);
    expect(due[2]).toBeGreaterThan(due[1] ?? Infinity);
    expect(due[2]).toBeLessThan(Date.now() + 60_000);

    expect(await settle()).toBe(3);
    const cases = await casesOfImport('acting');
    expect(cases).toHaveLength(detractorsIn(rows));
    expect(new Set(cases.map((c) => c.rule_id))).toEqual(new Set([ruleId]));
    expect(await runsOfImport('acting')).toHaveLength(detractorsIn(rows));
    // A year-old response counts as arriving when imported: the rule was on by then.
    expect((await importedJobs()).map((j) => j.status)).toEqual(['done', 'done', 'done']);
  });

  it('refuses to resume an import with other actions than it started with', async () => {
    const csv = npsCsv(5, 'resumed');
    const first = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${surveyId}/responses/import`,
      headers: { 'content-type': 'text/csv', 'import-id': 'resume-actions' },
      payload: csv,
    });
    expect(first.statusCode, first.body).toBe(200);
    const again = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${surveyId}/responses/import?actions=run`,
      headers: { 'content-type': 'text/csv', 'import-id': 'resume-actions' },
      payload: csv,
    });
    expect(again.statusCode, again.body).toBe(409);
    const same = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${surveyId}/responses/import`,
      headers: { 'content-type': 'text/csv', 'import-id': 'resume-actions' },
      payload: csv,
    });
    expect(same.statusCode, same.body).toBe(200);
    expect(await settle()).toBe(0);
    expect(await casesOfImport('resumed')).toEqual([]);
  });

  it('acts on a stored batch whose jobs were never released (the process died in between)', async () => {
    // Rows stored without actions, then the jobs an import holds before writing them: as if the
    // batch committed and the process died before it released its jobs.
    await importCsv(npsCsv(22, 'orphan'));
    const stored = await env()
      .storage.db.selectFrom('responses')
      .select('id')
      .where('idempotency_key', 'like', 'orphan-%')
      .execute();
    expect(stored).toHaveLength(22);
    const queue = importedRulesQueue(env().storage.db, env().orgA.id, newId());
    // With ids of a batch that never committed beside them: their job finds nothing to act on.
    const held = await queue.hold([...stored.map((r) => r.id), 'never-stored-1', 'never-stored-2']);
    expect(held.jobIds).toHaveLength(1);

    // Held back: not yet due a minute before the hold ends.
    expect(await settle(IMPORTED_RULES_HOLD_MS - 60_000)).toBe(0);
    expect(await casesOfImport('orphan')).toEqual([]);
    // Due once the hold ends, released or not.
    expect(await settle(IMPORTED_RULES_HOLD_MS + 60_000)).toBe(1);
    expect(await casesOfImport('orphan')).toHaveLength(detractorsIn(22));
  });
});
