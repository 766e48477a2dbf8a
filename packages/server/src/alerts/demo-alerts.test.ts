import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { generateDemo } from '../demo/demo.service.js';
import { scanAndStoreAlerts } from './alert-scan.service.js';

const DAY_MS = 86_400_000;

describeEachDatabase('the change scan on the demo', (env) => {
  it('raises the planted lounge-bar change as its only alert', async () => {
    // The demo as a user gets it: default size, two years ending today.
    const demo = await generateDemo(env().services);
    const result = await scanAndStoreAlerts(env().services, demo.organizationId, {
      now: new Date(),
      force: true,
    });
    expect(result?.testedSeries).toBeGreaterThan(1000);
    expect(result?.findings).toBe(1);
    const alerts = await env()
      .storage.db.selectFrom('alerts')
      .innerJoin('touchpoints', 'touchpoints.id', 'alerts.touchpoint_id')
      .select([
        'touchpoints.key as touchpoint',
        'alerts.segment_json',
        'alerts.change_date',
        'alerts.direction',
        'alerts.metric',
        'alerts.localisation_json',
      ])
      .where('alerts.organization_id', '=', demo.organizationId)
      .execute();
    expect(alerts).toHaveLength(1);
    const alert = alerts[0];
    expect(alert?.touchpoint).toBe('lounge-bar');
    expect(JSON.parse(alert?.segment_json ?? '{}')).toEqual({
      route: 'international',
      traveller_type: 'business',
    });
    expect(alert?.direction).toBe('down');
    expect(alert?.metric).toBe('csat');
    const days =
      (Date.parse(alert?.change_date ?? '') - Date.parse(demo.plantedChangeDate)) / DAY_MS;
    expect(Math.abs(days)).toBeLessThanOrEqual(14);
    // SENSE and FEEL at the bar changed with CSAT: one alert, the items listed with it.
    const localisation = JSON.parse(alert?.localisation_json ?? '{}') as {
      alsoChanged: { key: string }[];
    };
    expect(localisation.alsoChanged.map((m) => m.key).sort()).toEqual([
      'experience.feel',
      'experience.sense',
    ]);
  }, 600_000);
});
