/**
 * The weekly digest against a real SMTP server on loopback, on every database: the settings
 * API (and its refusals), the hourly run sending each due person one e-mail whose figures are
 * worked out by hand below from the seeded responses, nothing again in the same week, nothing
 * to people who are off or not due, the team scope, and the preview.
 */
import { newId } from '@touchstone/core';
import { afterAll, expect, it } from 'vitest';
import { describeEachDatabase, testConfig, type TTestEnv } from '../../test/harness.js';
import { analyticsSurveyDefinition } from '../../test/support/analytics-fixture.js';
import { testWorker } from '../../test/support/invitation-fixtures.js';
import { createPerson, createTeam, type TPerson } from '../../test/support/notification-people.js';
import { startSmtpPeer, type TCapturedMail } from '../../test/support/smtp-test-peer.js';
import { createSurvey } from '../../test/support/survey-fixtures.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import { insertAlert } from '../alerts/alerts.repository.js';
import { DIGEST_JOBS, ensureWeeklyDigestRun } from './digest-jobs.js';

const peer = await startSmtpPeer();
afterAll(() => peer.stop());

const BASE = 'https://cx.aurora.example';
const overrides = {
  smtpUrl: peer.url,
  publicBaseUrl: BASE,
  mailFrom: 'Touchstone <cx@aurora.example>',
};

/**
 * The seeded answers. The run is on Monday 2026-03-09 at 07:00 UTC, so the digest's week is
 * 2026-03-02 .. 2026-03-08 and the one before 2026-02-23 .. 2026-03-01.
 *
 * Lounge, this week (10): NPS 9 promoters, 1 detractor → +90 - 10 = 80; CSAT 4-5 in 7 of 10;
 *   CES mean (7+6+5+5+4+3+7+6+2+1)/10 = 46/10 = 4.60.
 * Lounge, the week before (10): NPS 2 promoters (9, 10), 8 detractors → 20 - 80 = -60;
 *   CSAT 4-5 in 4 of 10; CES (5+5+4+4+4+5+5+4+4+4)/10 = 44/10 = 4.40.
 * Gate, this week (10): NPS only, all 10 → +100.
 *
 * The whole organization, this week: NPS 19 promoters, 1 detractor of 20 → 95 - 5 = +90.0,
 * against -60.0: +150.0 pts, a clear rise; CSAT 70.0% against 40.0%: +30.0 pts, not significant
 * with 10 a side; CES 4.60 against 4.40: +0.20, not significant.
 * Gate alone (a team's scope): NPS +100.0, n 10; no answers the week before.
 */
const LOUNGE_NOW = {
  nps: [10, 10, 10, 10, 10, 10, 10, 10, 9, 0],
  csat: [5, 5, 5, 4, 4, 4, 3, 2, 1, 5],
  ces: [7, 6, 5, 5, 4, 3, 7, 6, 2, 1],
};
const LOUNGE_BEFORE = {
  nps: [0, 0, 0, 0, 0, 1, 2, 3, 9, 10],
  csat: [5, 4, 4, 3, 3, 2, 2, 1, 1, 5],
  ces: [5, 5, 4, 4, 4, 5, 5, 4, 4, 4],
};
const RUN_AT = new Date('2026-03-09T07:00:00.000Z');
const WEEK = '2026-03-09';

function mailsTo(address: string): TCapturedMail[] {
  return peer.messages.filter((m) => m.to.includes(address));
}

/** Text of the e-mail's HTML, tags dropped and entities of the characters used read back. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/\s+/g, ' ');
}

/** The cells of one scorecard row of the HTML: metric, value, n, value before, n before, change. */
function scorecardRow(html: string, metric: string): string[] {
  const row = new RegExp(`<tr data-metric="${metric}">(.*?)</tr>`).exec(html)?.[1] ?? '';
  return [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) =>
    visibleText(m[1] ?? '').trim(),
  );
}

async function seedResponses(env: TTestEnv): Promise<Record<string, string>> {
  const touchpoints = await seedTouchpoints(env.storage, env.orgA.id, ['lounge', 'gate']);
  const { id: surveyId } = await createSurvey(env, {
    touchpointIds: [touchpoints['lounge'], touchpoints['gate']],
    definition: analyticsSurveyDefinition(),
  });
  const day = (d: string, i: number) => `${d}T${String(8 + i).padStart(2, '0')}:00:00.000Z`;
  const lounge = (data: typeof LOUNGE_NOW, days: string[]) =>
    data.nps.map((nps, i) => ({
      answers: { nps, csat: data.csat[i], ces: data.ces[i] },
      touchpointKey: 'lounge',
      submittedAt: day(days[i % days.length] ?? '', i),
      channel: 'api',
    }));
  const thisWeek = ['2026-03-02', '2026-03-04', '2026-03-06', '2026-03-08'];
  const weekBefore = ['2026-02-23', '2026-02-25', '2026-02-27', '2026-03-01'];
  const responses = [
    ...lounge(LOUNGE_NOW, thisWeek),
    ...lounge(LOUNGE_BEFORE, weekBefore),
    ...Array.from({ length: 10 }, (_, i) => ({
      answers: { nps: 10 },
      touchpointKey: 'gate',
      submittedAt: day('2026-03-05', i),
      channel: 'api',
    })),
    // Outside both weeks: left out.
    {
      answers: { nps: 0, csat: 1, ces: 1 },
      touchpointKey: 'lounge',
      submittedAt: day('2026-03-09', 0),
      channel: 'api',
    },
    {
      answers: { nps: 0, csat: 1, ces: 1 },
      touchpointKey: 'lounge',
      submittedAt: day('2026-02-22', 0),
      channel: 'api',
    },
  ];
  const res = await env.as('admin', {
    method: 'POST',
    url: `/api/surveys/${surveyId}/responses/batch`,
    payload: { responses },
  });
  expect(res.statusCode, res.body).toBe(201);
  return touchpoints;
}

async function seedAlert(env: TTestEnv, touchpointId: string, status: string): Promise<string> {
  const id = newId();
  const side = (value: number) => ({
    n: 40,
    value,
    interval: { low: value - 5, high: value + 5, confidence: 0.95 },
  });
  await insertAlert(env.storage.db, {
    id,
    organization_id: env.orgA.id,
    series_key: `nps|${touchpointId}|${id}`,
    status,
    metric: 'nps',
    question_key: 'nps',
    touchpoint_id: touchpointId,
    segment_json: '{}',
    change_date: '2026-03-02',
    direction: 'down',
    before_json: JSON.stringify(side(42)),
    after_json: JSON.stringify(side(17)),
    effect_size: -25,
    effect_unit: 'nps-points',
    p_value: 0.0001,
    adjusted_p_value: 0.001,
    localisation_json: '{"sharedBy":[],"notAffected":[]}',
    acknowledged_by: null,
    acknowledged_at: null,
    resolved_by: null,
    resolved_at: null,
    created_at: '2026-03-03T03:00:00.000Z',
    updated_at: '2026-03-03T03:00:00.000Z',
  });
  return id;
}

async function subscribe(person: TPerson, body: Record<string, unknown>) {
  const res = await person.request({
    method: 'PUT',
    url: '/api/digest-subscription',
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Record<string, unknown>>();
}

describeEachDatabase(
  'weekly digest',
  (env) => {
    const people: Record<string, TPerson> = {};
    const address = (name: string) => `${name}@digest-${env().dialect}.example`;
    const person = (name: string): TPerson => {
      const p = people[name];
      if (!p) throw new Error(`no ${name}`);
      return p;
    };
    const ids: { loungeAlert?: string } = {};

    it('keeps a setting per person and refuses bad ones naming the field', async () => {
      for (const [name, role] of [
        ['dana', 'analyst'],
        ['ed', 'viewer'],
        ['fay', 'agent'],
        ['gil', 'admin'],
      ] as const) {
        people[name] = await createPerson(env(), address(name), role);
      }
      const dana = person('dana');
      const initial = await dana.request({ method: 'GET', url: '/api/digest-subscription' });
      expect(initial.statusCode).toBe(200);
      expect(initial.json()).toEqual({
        enabled: false,
        dayOfWeek: 'monday',
        hourUtc: 7,
        scope: 'organization',
        nextSendAt: null,
        lastSentAt: null,
      });
      const good = { enabled: true, dayOfWeek: 'monday', hourUtc: 7, scope: 'organization' };
      for (const [bad, field] of [
        [{ ...good, hourUtc: 25 }, 'hourUtc'],
        [{ ...good, dayOfWeek: 'funday' }, 'dayOfWeek'],
        [{ ...good, scope: 'everyone' }, 'scope'],
        [{ ...good, enabled: 'yes' }, 'enabled'],
      ] as const) {
        const res = await dana.request({
          method: 'PUT',
          url: '/api/digest-subscription',
          payload: bad,
        });
        // The house's status of a body that fails its schema, naming the field.
        expect(res.statusCode, res.body).toBe(422);
        expect(
          res.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field,
        ).toBe(`body.${field}`);
      }
      // Nothing half-stored: still the default.
      const after = await dana.request({ method: 'GET', url: '/api/digest-subscription' });
      expect(after.json<{ enabled: boolean }>().enabled).toBe(false);
      // An API key is no person.
      const byKey = await env().as('admin', { method: 'GET', url: '/api/digest-subscription' });
      expect(byKey.statusCode).toBe(400);

      const saved = await subscribe(dana, good);
      expect(saved).toMatchObject({ ...good, lastSentAt: null });
      expect(typeof saved['nextSendAt']).toBe('string');
      expect(new Date(String(saved['nextSendAt'])).getUTCDay()).toBe(1);
      expect(new Date(String(saved['nextSendAt'])).getUTCHours()).toBe(7);
    });

    it("sends each due person one digest with the week's figures, once a week", async () => {
      const touchpoints = await seedResponses(env());
      ids.loungeAlert = await seedAlert(env(), touchpoints['lounge'] ?? '', 'open');
      await seedAlert(env(), touchpoints['lounge'] ?? '', 'acknowledged');
      const [dana, ed, fay, gil] = ['dana', 'ed', 'fay', 'gil'].map(person) as [
        TPerson,
        TPerson,
        TPerson,
        TPerson,
      ];
      // Ed's team owns the gate; Ed reads his teams' touchpoints only.
      const team = await createTeam(env(), `Gate team ${env().dialect}`, [ed.id]);
      const owned = await env().as('admin', {
        method: 'PATCH',
        url: `/api/touchpoints/${touchpoints['gate'] ?? ''}`,
        payload: { ownerTeamId: team },
      });
      expect(owned.statusCode, owned.body).toBe(200);
      await subscribe(ed, { enabled: true, dayOfWeek: 'monday', hourUtc: 6, scope: 'teams' });
      // Fay switched it on and off again; Gil wants Wednesdays.
      await subscribe(fay, {
        enabled: true,
        dayOfWeek: 'monday',
        hourUtc: 7,
        scope: 'organization',
      });
      await subscribe(fay, {
        enabled: false,
        dayOfWeek: 'monday',
        hourUtc: 7,
        scope: 'organization',
      });
      await subscribe(gil, {
        enabled: true,
        dayOfWeek: 'wednesday',
        hourUtc: 7,
        scope: 'organization',
      });
      // Dana has an open case assigned to her.
      const desk = await createTeam(env(), `Desk ${env().dialect}`, [dana.id]);
      const opened = await env().as('admin', {
        method: 'POST',
        url: '/api/cases',
        payload: { title: 'Broken seat', teamId: desk, assigneeId: dana.id },
      });
      expect(opened.statusCode, opened.body).toBe(201);

      // The settings were saved today; the run is dated in March: as if saved the week before.
      await env()
        .storage.db.updateTable('digest_subscriptions')
        .set({ active_since: '2026-03-01T00:00:00.000Z' })
        .where('organization_id', '=', env().orgA.id)
        .execute();
      // The hourly run queued by the saves is dated now; the one at the test's clock replaces it.
      await env().storage.db.deleteFrom('jobs').where('kind', '=', DIGEST_JOBS.weekly).execute();
      const clock = { now: new Date('2026-03-09T05:00:00.000Z') };
      await ensureWeeklyDigestRun(env().storage.db, new Date('2026-03-09T04:30:00.000Z'));
      const { worker, close } = testWorker(
        env(),
        testConfig(env().dialect, overrides),
        peer.url,
        clock,
      );
      try {
        // 05:00: nobody is due yet.
        await worker.drain();
        expect(
          peer.messages.filter((m) => m.to.some((t) => t.includes(`digest-${env().dialect}`))),
        ).toHaveLength(0);
        clock.now = new Date('2026-03-09T06:00:00.000Z');
        await worker.drain();
        expect(mailsTo(address('ed'))).toHaveLength(1);
        expect(mailsTo(address('dana'))).toHaveLength(0);
        clock.now = RUN_AT;
        await worker.drain();

        const [mail] = mailsTo(address('dana'));
        expect(mailsTo(address('dana'))).toHaveLength(1);
        if (!mail) throw new Error('no digest for Dana');
        expect(mail.subject).toBe('Your weekly Touchstone digest, 2026-03-02 to 2026-03-08');
        expect(mail.headers.get('message-id')).toBe(
          `<digest.weekly.${WEEK}.${dana.id}@aurora.example>`,
        );
        expect(scorecardRow(mail.html, 'nps')).toEqual([
          'NPS',
          '+90.0',
          '20',
          '-60.0',
          '10',
          '▲ +150.0 pts',
        ]);
        expect(scorecardRow(mail.html, 'csat')).toEqual([
          'CSAT',
          '70.0%',
          '10',
          '40.0%',
          '10',
          '+30.0 pts (not significant)',
        ]);
        expect(scorecardRow(mail.html, 'ces')).toEqual([
          'CES',
          '4.60',
          '10',
          '4.40',
          '10',
          '+0.20 (not significant)',
        ]);
        expect(mail.text).toContain('NPS: +90.0 (n 20); before -60.0 (n 10); ▲ +150.0 pts.');
        // Deep links: the responses behind a figure, the alert, the person's cases.
        expect(mail.html).toContain(
          `href="${BASE}/analytics/responses?from=2026-03-02&amp;to=2026-03-08&amp;metric=nps&amp;n=20"`.replace(
            /&amp;/g,
            '&#38;',
          ),
        );
        expect(mail.html).toContain(`href="${BASE}/alerts/${ids.loungeAlert ?? ''}"`);
        expect(visibleText(mail.html)).toContain('▼ NPS, lounge: 42 → 17 from 2026-03-02');
        expect(visibleText(mail.html)).toContain('Open alerts (1)');
        expect(visibleText(mail.html)).toContain('1 open case assigned to you');
        expect(mail.text).toContain(`${BASE}/cases?view=mine`);

        const [teamMail] = mailsTo(address('ed'));
        if (!teamMail) throw new Error('no digest for Ed');
        expect(visibleText(teamMail.html)).toContain("your teams' touchpoints: gate");
        expect(scorecardRow(teamMail.html, 'nps')).toEqual([
          'NPS',
          '+100.0',
          '10',
          'Insufficient data',
          '0',
          'No comparison',
        ]);
        // The lounge's alert is not the gate team's; Ed has no cases.
        expect(visibleText(teamMail.html)).toContain('Open alerts (0)');
        expect(teamMail.html).not.toContain('assigned to you');

        // Off, or not due yet: nothing.
        expect(mailsTo(address('fay'))).toHaveLength(0);
        expect(mailsTo(address('gil'))).toHaveLength(0);

        // Later runs in the same week (and a worker restart) send Dana and Ed nothing more.
        clock.now = new Date('2026-03-09T08:00:00.000Z');
        await worker.drain();
        const second = testWorker(
          env(),
          testConfig(env().dialect, overrides),
          peer.url,
          clock,
          'restarted',
        );
        try {
          clock.now = new Date('2026-03-10T09:00:00.000Z');
          await second.worker.drain();
        } finally {
          second.close();
        }
        expect(mailsTo(address('dana'))).toHaveLength(1);
        expect(mailsTo(address('ed'))).toHaveLength(1);
        const sends = await env()
          .storage.db.selectFrom('digest_sends')
          .select(['user_id', 'week'])
          .where('organization_id', '=', env().orgA.id)
          .orderBy('user_id')
          .execute();
        expect(sends).toEqual([dana.id, ed.id].sort().map((user_id) => ({ user_id, week: WEEK })));

        // Wednesday 07:00: Gil's turn, once.
        clock.now = new Date('2026-03-11T07:00:00.000Z');
        await worker.drain();
        expect(mailsTo(address('gil'))).toHaveLength(1);
        const last = await gil.request({ method: 'GET', url: '/api/digest-subscription' });
        expect(last.json<{ lastSentAt: string }>().lastSentAt).toBe('2026-03-11T07:00:00.000Z');

        // The next week's Monday: Dana again.
        clock.now = new Date('2026-03-16T07:00:00.000Z');
        await worker.drain();
        expect(mailsTo(address('dana'))).toHaveLength(2);
        const pending = await env()
          .storage.db.selectFrom('jobs')
          .select(['run_at'])
          .where('kind', '=', DIGEST_JOBS.weekly)
          .where('status', '=', 'queued')
          .execute();
        expect(pending).toEqual([{ run_at: '2026-03-16T08:00:00.000Z' }]);
      } finally {
        close();
      }
    });

    it('gives a claim back when SMTP is down, and the retry sends it once', async () => {
      const hal = await createPerson(env(), address('hal'), 'viewer');
      await subscribe(hal, {
        enabled: true,
        dayOfWeek: 'tuesday',
        hourUtc: 7,
        scope: 'organization',
      });
      await env()
        .storage.db.updateTable('digest_subscriptions')
        .set({ active_since: '2026-03-10T00:00:00.000Z' })
        .where('user_id', '=', hal.id)
        .execute();
      const down = await startSmtpPeer();
      await down.stop();
      const clock = { now: new Date('2026-03-17T07:00:00.000Z') };
      const config = testConfig(env().dialect, { ...overrides, smtpUrl: down.url });
      const { worker, close } = testWorker(env(), config, down.url, clock);
      try {
        await worker.drain();
        const claims = () =>
          env()
            .storage.db.selectFrom('digest_sends')
            .select('week')
            .where('user_id', '=', hal.id)
            .execute();
        expect(await claims()).toEqual([]);
        const failed = await env()
          .storage.db.selectFrom('jobs')
          .select(['status', 'last_error'])
          .where('kind', '=', DIGEST_JOBS.weekly)
          .where('status', '=', 'failed')
          .execute();
        expect(failed).toHaveLength(1);
        expect(failed[0]?.last_error).toContain('1 weekly digest(s) not sent');

        await down.restart();
        clock.now = new Date('2026-03-17T07:05:00.000Z');
        await worker.drain();
        clock.now = new Date('2026-03-17T09:00:00.000Z');
        await worker.drain();
        expect(down.messages.filter((m) => m.to.includes(address('hal')))).toHaveLength(1);
        expect(await claims()).toEqual([{ week: '2026-03-16' }]);
      } finally {
        close();
        await down.stop();
      }
    });

    it('sends a preview at once, marked as such, outside the weekly log', async () => {
      const fay = person('fay');
      const clock = { now: RUN_AT };
      const res = await fay.request({ method: 'POST', url: '/api/digest-subscription/preview' });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toEqual({ queued: true, to: address('fay') });
      const { worker, close } = testWorker(
        env(),
        testConfig(env().dialect, overrides),
        peer.url,
        clock,
      );
      try {
        // The preview job is queued at the real time, after the test's clock: run it at its time.
        clock.now = new Date(Date.now() + 1000);
        await worker.drain();
      } finally {
        close();
      }
      const mails = mailsTo(address('fay'));
      expect(mails).toHaveLength(1);
      expect(mails[0]?.subject).toMatch(/^Preview: Your weekly Touchstone digest/);
      const logged = await env()
        .storage.db.selectFrom('digest_sends')
        .select('user_id')
        .where('user_id', '=', fay.id)
        .execute();
      expect(logged).toEqual([]);
    });
  },
  overrides,
);

describeEachDatabase('weekly digest without SMTP', (env) => {
  it('refuses a preview it could not send, and queues nothing', async () => {
    const person = await createPerson(env(), `nomail@digest-${env().dialect}.example`, 'viewer');
    const res = await person.request({ method: 'POST', url: '/api/digest-subscription/preview' });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('SMTP_URL');
    const queued = await env()
      .storage.db.selectFrom('jobs')
      .select('id')
      .where('kind', '=', DIGEST_JOBS.preview)
      .execute();
    expect(queued).toEqual([]);
  });
});
