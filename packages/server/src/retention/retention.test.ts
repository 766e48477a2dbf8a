/**
 * Retention: an organization keeps responses N months; the sweep anonymises (customer, words and
 * hidden fields go, scores stay) or deletes what is older, purges its comments' analysis, keeps
 * the rollups as they were, is audited, and touches neither newer responses nor other
 * organizations. The daily job applies every policy and queues its next run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { rollupSnapshot } from '../../test/rollup-snapshot.js';
import {
  commentResponse,
  commentSurveyDefinition,
  createCommentSurvey,
  writeCommentResponses,
} from '../../test/support/comment-fixtures.js';
import { createSurvey } from '../../test/support/survey-fixtures.js';
import { testConfig } from '../../test/harness.js';
import { JobWorker } from '../jobs/job-worker.js';
import { buildJobRegistry } from '../jobs/server-worker.js';
import { ensureRetentionSweep, nextSweepAt, RETENTION_SWEEP_JOB } from './retention-jobs.js';
import { retentionCutoff, sweepOrganization } from './retention.service.js';

describe('retention cutoff and schedule', () => {
  it('goes back calendar months, the day clamped to the shorter month', () => {
    expect(retentionCutoff(new Date('2026-03-31T10:00:00Z'), 1).toISOString()).toBe(
      '2026-02-28T10:00:00.000Z',
    );
    expect(retentionCutoff(new Date('2026-01-15T00:00:00Z'), 13).toISOString()).toBe(
      '2024-12-15T00:00:00.000Z',
    );
    expect(retentionCutoff(new Date('2024-03-31T00:00:00Z'), 1).toISOString()).toBe(
      '2024-02-29T00:00:00.000Z',
    );
  });

  it('sweeps at 03:00 UTC, the next one strictly after now', () => {
    expect(nextSweepAt(new Date('2026-05-01T02:59:00Z')).toISOString()).toBe(
      '2026-05-01T03:00:00.000Z',
    );
    expect(nextSweepAt(new Date('2026-05-01T03:00:00Z')).toISOString()).toBe(
      '2026-05-02T03:00:00.000Z',
    );
  });
});

describeEachDatabase('retention policy', (env) => {
  const ids: Record<string, string> = {};
  let customerId = '';

  beforeAll(async () => {
    const surveyId = await createCommentSurvey(env());
    const customer = await env().as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId: 'ret-1', name: 'Ret One', email: 'ret@example.com' },
    });
    customerId = customer.json<{ id: string }>().id;
    const rows = [
      ['old', '2025-01-10', 2, 'the lounge was dirty, call me on 0612345678'],
      ['older', '2024-11-02', 9, 'lovely crew on my trip'],
      ['recent', '2026-11-20', 4, 'the lounge was dirty again'],
    ] as const;
    const stored = rows.map(([name, day, nps, comment]) => {
      const row = commentResponse(env().orgA.id, surveyId, { nps, comment, day, customerId });
      ids[name] = row.id;
      return row;
    });
    // The other organization's old response must outlive orgA's policy.
    const otherSurvey = (
      await createSurvey(env(), { definition: commentSurveyDefinition() }, { org: env().orgB })
    ).id;
    const other = commentResponse(env().orgB.id, otherSurvey, {
      nps: 1,
      comment: 'the lounge was dirty in the other company',
      day: '2024-01-05',
    });
    ids['other'] = other.id;
    await writeCommentResponses(env(), [...stored, other]);
  });

  const response = (id: string) =>
    env()
      .storage.db.selectFrom('responses')
      .select(['id', 'customer_id', 'answers_json', 'anonymised_at'])
      .where('id', '=', id)
      .executeTakeFirst();
  const commentCount = async (id: string) =>
    (
      await env()
        .storage.db.selectFrom('comment_analyses')
        .select('response_id')
        .where('response_id', '=', id)
        .execute()
    ).length;

  it('refuses bad policies with a named field and sweeps nothing without one', async () => {
    for (const payload of [{ months: 0 }, { months: 2.5 }, { months: 12, mode: 'shred' }, {}]) {
      const res = await env().as('admin', { method: 'PUT', url: '/api/retention-policy', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    const run = await env().as('admin', { method: 'POST', url: '/api/retention-policy/run' });
    expect(run.statusCode).toBe(409);
    expect(run.json<{ error: { message: string } }>().error.message).toContain('no retention');
    const analyst = await env().as('analyst', {
      method: 'PUT',
      url: '/api/retention-policy',
      payload: { months: 12 },
    });
    expect(analyst.statusCode).toBe(403);
  });

  it('anonymises responses older than the policy, keeping scores and rollups', async () => {
    const org = env().orgA.id;
    const before = await rollupSnapshot(env().storage, org);
    expect(await commentCount(ids['old']!)).toBe(1);
    const set = await env().as('admin', {
      method: 'PUT',
      url: '/api/retention-policy',
      payload: { months: 12, mode: 'anonymise' },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ months: 12, mode: 'anonymise', lastRunAt: null });

    const run = await sweepOrganization(env().storage, org, new Date('2026-12-01T04:00:00Z'));
    expect(run).toEqual({ cutoff: '2025-12-01T04:00:00.000Z', responses: 2, comments: 2 });
    for (const name of ['old', 'older']) {
      const row = await response(ids[name]!);
      expect(row?.customer_id).toBeNull();
      expect(row?.anonymised_at).toBe('2026-12-01T04:00:00.000Z');
      expect(JSON.parse(row?.answers_json ?? '{}')).toEqual({ nps: name === 'old' ? 2 : 9 });
      expect(await commentCount(ids[name]!)).toBe(0);
    }
    const recent = await response(ids['recent']!);
    expect(recent?.customer_id).toBe(customerId);
    expect(recent?.answers_json).toContain('dirty again');
    expect(await commentCount(ids['recent']!)).toBe(1);
    expect((await response(ids['other']!))?.answers_json).toContain('other company');
    expect(await rollupSnapshot(env().storage, org)).toEqual(before);

    // A second sweep finds nothing left to strip.
    const again = await sweepOrganization(env().storage, org, new Date('2026-12-02T04:00:00Z'));
    expect(again).toMatchObject({ responses: 0, comments: 0 });
    const policy = await env().as('admin', { method: 'GET', url: '/api/retention-policy' });
    expect(policy.json()).toMatchObject({
      lastRunAt: '2026-12-02T04:00:00.000Z',
      lastRun: { responses: 0 },
    });
    const audit = await env()
      .storage.db.selectFrom('audit_log')
      .select(['action', 'details_json'])
      .where('organization_id', '=', org)
      .where('action', '=', 'retention.anonymise')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]?.details_json).not.toContain('dirty');
  });

  it('deletes expired responses in delete mode, the rollups keeping their history', async () => {
    const org = env().orgA.id;
    const before = await rollupSnapshot(env().storage, org);
    const set = await env().as('admin', {
      method: 'PUT',
      url: '/api/retention-policy',
      payload: { months: 6, mode: 'delete' },
    });
    expect(set.statusCode).toBe(200);
    const run = await sweepOrganization(env().storage, org, new Date('2026-12-01T04:00:00Z'));
    expect(run).toMatchObject({ responses: 2 });
    expect(await response(ids['old']!)).toBeUndefined();
    expect(await response(ids['older']!)).toBeUndefined();
    expect(await response(ids['recent']!)).toBeDefined();
    expect(await response(ids['other']!)).toBeDefined();
    expect(await rollupSnapshot(env().storage, org)).toEqual(before);
  });

  it('the daily job applies the policies and queues the next day', async () => {
    const org = env().orgA.id;
    const off = await env().as('admin', {
      method: 'PUT',
      url: '/api/retention-policy',
      payload: { months: null },
    });
    expect(off.json()).toMatchObject({ months: null });
    await env().as('admin', {
      method: 'PUT',
      url: '/api/retention-policy',
      payload: { months: 1, mode: 'anonymise' },
    });
    await env().storage.db.deleteFrom('jobs').where('kind', '=', RETENTION_SWEEP_JOB).execute();
    const now = new Date('2026-12-25T02:00:00Z');
    await ensureRetentionSweep(env().storage, now);
    await ensureRetentionSweep(env().storage, now);
    const queued = () =>
      env()
        .storage.db.selectFrom('jobs')
        .select(['id', 'run_at', 'status'])
        .where('kind', '=', RETENTION_SWEEP_JOB)
        .where('status', '=', 'queued')
        .execute();
    expect((await queued()).map((j) => j.run_at)).toEqual(['2026-12-25T03:00:00.000Z']);
    const mailer = { send: () => Promise.reject(new Error('no mail here')), close: () => {} };
    const worker = new JobWorker(
      env().storage,
      buildJobRegistry(testConfig(env().storage.dialect), mailer),
      { now: () => new Date('2026-12-25T03:00:01Z') },
    );
    await worker.drain();
    expect((await response(ids['recent']!))?.customer_id).toBeNull();
    expect((await queued()).map((j) => j.run_at)).toEqual(['2026-12-26T03:00:00.000Z']);
    const policy = await env().as('admin', { method: 'GET', url: '/api/retention-policy' });
    expect(policy.json()).toMatchObject({ lastRunAt: '2026-12-25T03:00:01.000Z' });
    expect(org).toBe(env().orgA.id);
  });
});
