import { validateSubmission, type TSurveyDefinition } from '@touchstone/core';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { rollupSnapshot } from '../../test/rollup-snapshot.js';
import { rebuildOrganizationRollups } from '../analytics/rollup-rebuild.js';
import { insertNewApiKey } from '../api-keys/api-keys.service.js';
import { demoCustomerAt } from './customer-generator.js';
import { transactionalDefinition, TRANSACTIONAL_SURVEYS } from './demo-surveys.js';
import { generateDemo } from './demo.service.js';
import { relationshipNpsSurvey } from '@touchstone/core';
import { demoWindow } from './interaction-generator.js';
import { customerResponses, DEFAULT_SHARES } from './response-generator.js';

function responsesOf(seed: number, customers: number) {
  const window = demoWindow(12, '2026-10-31');
  return Array.from({ length: customers }, (_, index) =>
    customerResponses(seed, demoCustomerAt(seed, index).profile, window, DEFAULT_SHARES),
  );
}

it('generates the same responses for the same seed, others for another', () => {
  const first = responsesOf(11, 50);
  expect(first.flat().length).toBeGreaterThan(50);
  expect(responsesOf(11, 50)).toEqual(first);
  expect(responsesOf(12, 50)).not.toEqual(first);
});

it('generates only answers the survey engine accepts, unchanged by normalization', () => {
  const definitions: Record<string, TSurveyDefinition> = {
    relationship: relationshipNpsSurvey(),
    airport: transactionalDefinition(TRANSACTIONAL_SURVEYS.airport),
    onboard: transactionalDefinition(TRANSACTIONAL_SURVEYS.onboard),
    service: transactionalDefinition(TRANSACTIONAL_SURVEYS.service),
  };
  const seen = new Set<string>();
  for (const response of responsesOf(5, 300).flat()) {
    const def = definitions[response.survey];
    if (def === undefined) throw new Error(`no survey ${response.survey}`);
    const checked = validateSubmission(
      def,
      { answers: response.answers, hidden: {} },
      { partial: false },
    );
    expect(checked.issues).toEqual([]);
    expect(checked.answers).toEqual(response.answers);
    seen.add(response.survey);
  }
  expect([...seen].sort()).toEqual(['airport', 'onboard', 'relationship', 'service']);
});

interface TGroupJson {
  key: { field: string; value: string | null }[];
  n: number;
  comparisons?: Record<string, { status: string; difference: number | null; significant: boolean }>;
}

interface TCommentJson {
  text: string;
  touchpointId: string | null;
  segment: Record<string, string>;
  day: string;
  themes: { name: string }[];
}

interface TAlertJson {
  touchpoint: { id: string } | null;
  segment: Record<string, string>;
  changeDate: string;
  direction: string;
}

describeEachDatabase('demo responses', (env) => {
  let orgId = '';
  let secret = '';
  let responses = 0;

  /** A GET of the API as the demo's analyst key. */
  async function get<T>(url: string): Promise<T> {
    const response = await env().app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  }

  const barId = async () =>
    (
      await env()
        .storage.db.selectFrom('touchpoints')
        .select('id')
        .where('organization_id', '=', orgId)
        .where('key', '=', 'lounge-bar')
        .executeTakeFirstOrThrow()
    ).id;

  it('loads surveys and responses with rollups equal to a rebuild', async () => {
    // Every surveyed visit answered (the target is far above what 400 customers can give).
    const result = await generateDemo(env().services, {
      customers: 400,
      months: 12,
      seed: 3,
      // The planted change then starts on 1 June 2026.
      endDate: '2026-10-31',
      responseTarget: 10_000_000,
    });
    expect(result.plantedChangeDate).toBe('2026-06-01');
    orgId = result.organizationId;
    expect(result.counts.surveys).toBe(4);
    const db = env().storage.db;
    const stored = await db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('organization_id', '=', orgId)
      .executeTakeFirstOrThrow();
    // The journey's responses and the answers to the closed loop's follow-up surveys.
    expect(result.counts.followUps).toBeGreaterThan(0);
    expect(Number(stored.n)).toBe(result.counts.responses + result.counts.followUps);
    expect(result.counts.responses).toBeGreaterThan(5_000);
    responses = result.counts.responses;

    const snapshot = () => rollupSnapshot(env().storage, orgId);
    const before = await snapshot();
    expect(before.values.length).toBeGreaterThan(1_000);
    await rebuildOrganizationRollups(env().storage, orgId);
    expect(await snapshot()).toEqual(before);
    ({ secret } = await insertNewApiKey(db, orgId, { name: 'test', role: 'analyst' }, null));
  }, 120_000);

  it('shows the planted lounge-bar drop for international business travellers only', async () => {
    const bar = await env()
      .storage.db.selectFrom('touchpoints')
      .select('id')
      .where('organization_id', '=', orgId)
      .where('key', '=', 'lounge-bar')
      .executeTakeFirstOrThrow();
    const query = (metric: string) =>
      `/api/analytics/metrics?metric=${metric}&groupBy=attr:traveller_type,attr:route` +
      `&touchpointId=${bar.id}&from=2026-06-01&to=2026-10-31&compare=previous-period`;
    const verdicts = async (metric: string, dimension = '') => {
      const response = await env().app.inject({
        method: 'GET',
        url: query(metric) + dimension,
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(response.statusCode, response.body).toBe(200);
      const groups = response.json<{ groups: TGroupJson[] }>().groups;
      return Object.fromEntries(
        groups.map((g) => {
          const c = g.comparisons?.[metric];
          return [g.key.map((k) => k.value).join('+'), c];
        }),
      );
    };
    const csat = await verdicts('csat');
    expect(csat['business+international']).toMatchObject({ status: 'ok', significant: true });
    expect(csat['business+international']?.difference).toBeLessThan(-0.5);
    for (const other of ['business+domestic', 'leisure+international', 'leisure+domestic']) {
      expect(csat[other]?.significant ?? false, other).toBe(false);
    }
    const sense = await verdicts('score', '&dimension=sem:sense');
    expect(sense['business+international']).toMatchObject({ significant: true });
    expect(sense['business+international']?.difference).toBeLessThan(0);
  });

  it('analyses every comment and raises the planted change as the only alert', async () => {
    const status = await get<{ analysed: number; running: boolean; comments: number }>(
      '/api/comments/analysis',
    );
    expect(status).toMatchObject({ analysed: responses, running: false });
    expect(status.comments).toBeGreaterThan(1_000);

    const bar = await barId();
    const cola = await get<{ items: TCommentJson[]; total: { count: number } }>(
      '/api/comments?q=cola&limit=100',
    );
    expect(cola.total.count).toBeGreaterThan(20);
    for (const comment of cola.items) {
      expect(comment.touchpointId, comment.text).toBe(bar);
      expect(comment.segment).toMatchObject({ traveller_type: 'business', route: 'international' });
      expect(comment.day >= '2026-06-01', comment.text).toBe(true);
    }

    const alerts = await get<{ items: TAlertJson[] }>('/api/alerts');
    expect(alerts.items).toHaveLength(1);
    const [alert] = alerts.items;
    expect(alert?.touchpoint?.id).toBe(bar);
    expect(alert?.segment).toEqual({ traveller_type: 'business', route: 'international' });
    expect(alert?.direction).toBe('down');
    // The scan dates a change by the week; it may place it a week or two off.
    const offDays = (Date.parse(alert?.changeDate ?? '') - Date.parse('2026-06-01')) / 86_400_000;
    expect(Math.abs(offDays)).toBeLessThanOrEqual(14);
  });
});
