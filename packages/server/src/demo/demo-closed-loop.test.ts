/**
 * The demo ships the closed loop switched on: a rule for every detractor, the last weeks'
 * detractors as cases in every state with their timelines, follow-up outcomes the report counts,
 * and cases past their first-response target that breach once the SLA jobs run.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase, testConfig } from '../../test/harness.js';
import { systemActor } from '../auth/actor.js';
import { closedLoopReport } from '../closed-loop/closed-loop-report.js';
import { JobWorker } from '../jobs/job-worker.js';
import { buildJobRegistry } from '../jobs/server-worker.js';
import { generateDemo } from './demo.service.js';

const OPTIONS = { customers: 600, months: 3, seed: 5, endDate: '2026-10-31' };

describeEachDatabase('demo closed loop', (env) => {
  it('opens cases in every state with follow-ups, and breaches the unanswered', async () => {
    const demo = await generateDemo(env().services, OPTIONS);
    const orgId = demo.organizationId;
    const db = env().storage.db;
    expect(demo.counts.rules).toBe(1);
    expect(demo.counts.cases).toBeGreaterThanOrEqual(20);
    expect(demo.counts.followUps).toBeGreaterThanOrEqual(3);

    const rules = await db
      .selectFrom('rules')
      .select(['enabled', 'name'])
      .where('organization_id', '=', orgId)
      .execute();
    expect(rules).toEqual([expect.objectContaining({ enabled: 1 })]);
    const cases = await db
      .selectFrom('cases')
      .innerJoin('responses', 'responses.id', 'cases.response_id')
      .select(['cases.id', 'cases.status', 'cases.team_id', 'responses.values_json'])
      .where('cases.organization_id', '=', orgId)
      .execute();
    expect(cases).toHaveLength(demo.counts.cases);
    const statuses = new Set(cases.map((c) => c.status));
    for (const status of ['new', 'open', 'pending', 'resolved', 'closed']) {
      expect(statuses, status).toContain(status);
    }
    // Every case is a detractor's, given to the team that owns the touchpoint.
    for (const c of cases) {
      expect((JSON.parse(c.values_json) as { nps: number }).nps).toBeLessThanOrEqual(6);
      expect(c.team_id).not.toBeNull();
    }
    const timeline = await db
      .selectFrom('case_activities')
      .select(['kind'])
      .where('organization_id', '=', orgId)
      .execute();
    const kinds = new Set(timeline.map((t) => t.kind));
    for (const kind of [
      'created',
      'note',
      'status_changed',
      'follow_up_sent',
      'follow_up_answered',
    ]) {
      expect(kinds, kind).toContain(kind);
    }

    const ctx = { storage: env().storage, actor: systemActor(orgId), services: env().services };
    const report = await closedLoopReport(ctx, { from: '2026-09-01', to: '2026-10-31' });
    expect(report.cases.total).toBe(demo.counts.cases);
    expect(report.recoveryRate.n).toBe(demo.counts.followUps);
    expect(report.recoveryRate.count).toBeGreaterThan(0);
    expect(report.recoveryRate.count).toBeLessThan(report.recoveryRate.n);
    expect(report.timeToResolution.n).toBeGreaterThan(0);
    expect(report.valueChange.customers).toBeGreaterThan(0);
    expect(report.valueChange.meanBefore).not.toBeNull();

    // The new cases were due long before now: the SLA jobs mark them breached and escalate.
    const mailer = { send: () => Promise.reject(new Error('no mail here')), close: () => {} };
    const worker = new JobWorker(
      env().storage,
      buildJobRegistry(testConfig(env().dialect), mailer),
    );
    await worker.drain();
    const breached = await db
      .selectFrom('cases')
      .select(['id', 'escalated_at'])
      .where('organization_id', '=', orgId)
      .where('first_response_breached_at', 'is not', null)
      .execute();
    expect(breached.length).toBeGreaterThan(0);
    expect(breached.every((c) => c.escalated_at !== null)).toBe(true);
    const leadNotices = await db
      .selectFrom('notifications')
      .select('id')
      .where('organization_id', '=', orgId)
      .where('kind', '=', 'case.sla_breached')
      .execute();
    expect(leadNotices.length).toBeGreaterThan(0);
  }, 600_000);
});
