import type { TAlert, TAlertDetail, TAlertScanResult, TAlertSeries } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, testConfig } from '../../test/harness.js';
import { commentResponse, createCommentSurvey } from '../../test/support/comment-fixtures.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import { ingestEngine } from '../ingest/engine.js';
import { JobWorker } from '../jobs/job-worker.js';
import { buildJobRegistry } from '../jobs/server-worker.js';
import type { TStoredResponse } from '../ingest/stored-response.js';
import { ALERT_SCAN_JOB } from './alert-jobs.js';
import { nextScanAt } from './alert-events.js';

/** mulberry32: the same responses on every run. */
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

const DAY_MS = 86_400_000;
/** Monday 2025-01-06; the planted change starts Monday 2025-12-01, week 47. */
const START = Date.UTC(2025, 0, 6);
const CHANGE_DAY = '2025-12-01';
const WEEKS = 64;

const GOOD = ['Friendly staff and a quiet lounge', 'Great seats, thanks', 'Smooth and easy visit'];
const COLA = [
  'The bar only has lemon cola instead of the diet cola',
  'Why is there no diet cola at the bar any more? Only lemon cola.',
];

/**
 * Responses at two touchpoints (bar, gate) from customers of each type x route, a few per
 * segment and week; from CHANGE_DAY on, business travellers on international routes rate the bar
 * far lower and write about the cola.
 */
function plantedResponses(orgId: string, surveyId: string, tps: Record<string, string>) {
  const next = random(42);
  const rows: TStoredResponse[] = [];
  for (let w = 0; w < WEEKS; w++) {
    for (const tp of ['bar', 'gate']) {
      for (const type of ['business', 'leisure']) {
        for (const route of ['domestic', 'international']) {
          const count = 5 + Math.floor(next() * 5);
          for (let r = 0; r < count; r++) {
            const day = new Date(START + (w * 7 + Math.floor(next() * 7)) * DAY_MS)
              .toISOString()
              .slice(0, 10);
            const hit =
              tp === 'bar' && type === 'business' && route === 'international' && day >= CHANGE_DAY;
            const latent = (hit ? 4.5 : 8.3) + 2 * (next() + next() - 1);
            const nps = Math.min(10, Math.max(0, Math.round(latent)));
            const comments = hit ? COLA : GOOD;
            rows.push(
              commentResponse(orgId, surveyId, {
                nps,
                day,
                second: rows.length % 3600,
                touchpointId: tps[tp] ?? null,
                segmentKey: `route=${route};type=${type}`,
                comment: comments[Math.floor(next() * comments.length)],
              }),
            );
          }
        }
      }
    }
  }
  return rows;
}

describeEachDatabase('alerts', (env) => {
  let alertId = '';

  beforeAll(async () => {
    const e = env();
    for (const [key, options] of [
      ['type', ['business', 'leisure']],
      ['route', ['domestic', 'international']],
    ] as const) {
      const created = await e.as('admin', {
        method: 'POST',
        url: '/api/attribute-keys',
        payload: { entity: 'customer', key, label: key, type: 'enum', options },
      });
      expect(created.statusCode).toBe(201);
    }
    const tps = await seedTouchpoints(e.storage, e.orgA.id, ['bar', 'gate']);
    const surveyId = await createCommentSurvey(e);
    const writer = ingestEngine(e.storage).bulkResponses();
    expect(await writer.write(plantedResponses(e.orgA.id, surveyId, tps))).toEqual([]);
    await writer.close();
    expect(
      await e.services.events.settle(['comment-analysis', 'alert-scan-scheduler'], 120_000),
    ).toBe(true);
  });

  it('queues a scan after new data, a quiet minute later, at most daily', async () => {
    const queued = await env()
      .storage.db.selectFrom('jobs')
      .select(['run_at', 'status'])
      .where('kind', '=', ALERT_SCAN_JOB)
      .where('organization_id', '=', env().orgA.id)
      .execute();
    expect(queued).toHaveLength(1);
    expect(queued[0]?.status).toBe('queued');
    const now = new Date('2026-01-01T00:00:00.000Z');
    expect(nextScanAt(now, null).toISOString()).toBe('2026-01-01T00:01:00.000Z');
    expect(nextScanAt(now, '2025-12-31T12:00:00.000Z').toISOString()).toBe(
      '2026-01-01T12:00:00.000Z',
    );
  });

  it('the queued job scans and raises the planted change as the only alert, with its event', async () => {
    const mailer = { send: () => Promise.reject(new Error('no mail')), close: () => undefined };
    const later = new Date(Date.now() + 5 * 60_000);
    const worker = new JobWorker(
      env().storage,
      buildJobRegistry(testConfig(env().storage.dialect), mailer),
      { now: () => later },
    );
    expect(await worker.drain()).toBeGreaterThanOrEqual(1);

    const list = await env().as('viewer', { method: 'GET', url: '/api/alerts' });
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: TAlert[] }>().items;
    expect(items).toHaveLength(1);
    const alert = items[0] as TAlert;
    alertId = alert.id;
    expect(alert).toMatchObject({
      status: 'open',
      metric: 'nps',
      questionKey: 'nps',
      touchpoint: { name: expect.stringContaining('bar') as unknown },
      segment: { route: 'international', type: 'business' },
      direction: 'down',
      effectUnit: 'nps-points',
    });
    expect(alert.label).toContain('route = international x type = business');
    expect(alert.questionLabel).toBe('Recommend us?');
    const days = (Date.parse(alert.changeDate) - Date.parse(CHANGE_DAY)) / DAY_MS;
    expect(Math.abs(days)).toBeLessThanOrEqual(14);
    expect(alert.before.value - alert.after.value).toBeGreaterThan(30);
    expect(alert.before.interval.low).toBeLessThan(alert.before.value);
    expect(alert.after.interval.high).toBeGreaterThan(alert.after.value);
    expect(alert.adjustedPValue).toBeLessThan(0.05);

    const events = await env()
      .storage.db.selectFrom('domain_events')
      .select(['type', 'subject_id', 'payload_json'])
      .where('organization_id', '=', env().orgA.id)
      .where('type', '=', 'alert.raised')
      .execute();
    expect(events.map((e) => e.subject_id)).toEqual([alertId]);
    expect(JSON.parse(events[0]?.payload_json ?? '{}')).toMatchObject({
      alertId,
      metric: 'nps',
      direction: 'down',
    });
  });

  it('a re-scan updates the alert instead of adding one, and appends no event', async () => {
    const scan = await env().as('admin', { method: 'POST', url: '/api/alerts/scan' });
    expect(scan.statusCode).toBe(200);
    const result = scan.json<TAlertScanResult>();
    expect(result).toMatchObject({ findings: 1, created: 0, updated: 1, alertIds: [alertId] });
    expect(result.testedSeries).toBeGreaterThan(20);
    const all = (await env().as('viewer', { method: 'GET', url: '/api/alerts' })).json<{
      items: TAlert[];
    }>().items;
    expect(all.map((a) => a.id)).toEqual([alertId]);
    const events = await env()
      .storage.db.selectFrom('domain_events')
      .select('seq')
      .where('organization_id', '=', env().orgA.id)
      .where('type', '=', 'alert.raised')
      .execute();
    expect(events).toHaveLength(1);
  });

  it('shows the evidence: parents folded in, siblings not affected, the cola theme and comments', async () => {
    const response = await env().as('viewer', { method: 'GET', url: `/api/alerts/${alertId}` });
    expect(response.statusCode).toBe(200);
    const detail = response.json<TAlertDetail>();
    const shared = detail.sharedBy.map((s) => s.label);
    expect(shared.some((l) => /bar$/.test(l))).toBe(true);
    expect(shared).toContain('All touchpoints x route = international x type = business');
    const unaffected = detail.notAffected.map((s) => s.label);
    expect(unaffected.some((l) => /bar x route = international x type = leisure$/.test(l))).toBe(
      true,
    );
    expect(unaffected.some((l) => /gate x route = international x type = business$/.test(l))).toBe(
      true,
    );
    const top = detail.themes[0];
    expect(top?.name).toBe('Drinks');
    expect(top?.shareBefore).toBe(0);
    expect(top?.shareAfter).toBeGreaterThan(0.9);
    expect(top?.pValue).toBeLessThan(0.001);
    expect(detail.examples.length).toBeGreaterThan(0);
    for (const example of detail.examples) {
      expect(example.text).toMatch(/cola/);
      expect(example.day >= detail.changeDate).toBe(true);
      expect(example.themes).toContain('Drinks');
    }
  });

  it('serves the weekly series around the change', async () => {
    const response = await env().as('viewer', {
      method: 'GET',
      url: `/api/alerts/${alertId}/series`,
    });
    expect(response.statusCode).toBe(200);
    const series = response.json<TAlertSeries>();
    expect(series.kind).toBe('nps');
    expect(series.weeks.length).toBeGreaterThanOrEqual(WEEKS);
    const before = series.weeks.filter((w) => w.weekStart < series.changeDate && w.value !== null);
    const after = series.weeks.filter((w) => w.weekStart >= series.changeDate && w.value !== null);
    const mean = (ws: typeof before) => ws.reduce((s, w) => s + (w.value ?? 0), 0) / ws.length;
    expect(mean(before) - mean(after)).toBeGreaterThan(30);
    for (const w of before) expect(w.low ?? Infinity).toBeLessThanOrEqual(w.value ?? -Infinity);
  });

  it('moves status only along legal transitions, recording who', async () => {
    const patch = (status: string, role: 'analyst' | 'viewer' = 'analyst') =>
      env().as(role, { method: 'PATCH', url: `/api/alerts/${alertId}`, payload: { status } });
    expect((await patch('acknowledged', 'viewer')).statusCode).toBe(403);
    const acknowledged = await patch('acknowledged');
    expect(acknowledged.statusCode).toBe(200);
    expect(acknowledged.json()).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: expect.stringMatching(/^apikey:/) as unknown,
    });
    expect((await patch('acknowledged')).statusCode).toBe(409);
    const resolved = await patch('resolved');
    expect(resolved.json()).toMatchObject({
      status: 'resolved',
      resolvedBy: expect.any(String) as unknown,
    });
    const refused = await patch('acknowledged');
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('conflict');
    const open = await env().as('viewer', { method: 'GET', url: '/api/alerts?status=open' });
    expect(open.json<{ items: unknown[] }>().items).toEqual([]);
    const reopened = await patch('open');
    expect(reopened.json()).toMatchObject({
      status: 'open',
      resolvedBy: null,
      acknowledgedBy: null,
    });
  });

  it('keeps alerts to their organization and refuses unknown ids', async () => {
    const other = await env().as(
      'admin',
      { method: 'GET', url: `/api/alerts/${alertId}` },
      env().orgB,
    );
    expect(other.statusCode).toBe(404);
    expect(
      (await env().as('admin', { method: 'GET', url: '/api/alerts' }, env().orgB)).json<{
        items: unknown[];
      }>().items,
    ).toEqual([]);
    const scanB = await env().as('admin', { method: 'POST', url: '/api/alerts/scan' }, env().orgB);
    expect(scanB.json()).toMatchObject({ testedSeries: 0, findings: 0, created: 0 });
    expect(
      (await env().as('analyst', { method: 'POST', url: '/api/alerts/scan' })).statusCode,
    ).toBe(403);
  });
});
