/**
 * The hourly run against a real SMTP server on loopback: each due person one e-mail whose figures
 * are worked out by hand in `digest-week-seed.ts`, nothing again in the same week, nothing to
 * people who are off or not due, the team scope, and a claim given back when SMTP is down.
 */
import { expect, it } from 'vitest';
import { testConfig } from '../../test/harness.js';
import { RUN_AT, seedAlert, seedResponses, WEEK } from '../../test/support/digest-week-seed.js';
import {
  DIGEST_BASE,
  describeDigests,
  scorecardRow,
  startDigestPeer,
  subscribeToDigest,
  visibleText,
} from '../../test/support/digests-fixture.js';
import { testWorker } from '../../test/support/invitation-fixtures.js';
import { createPerson, createTeam, type TPerson } from '../../test/support/notification-people.js';
import { startSmtpPeer } from '../../test/support/smtp-test-peer.js';
import { DIGEST_JOBS, ensureWeeklyDigestRun } from './digest-jobs.js';

const peer = await startDigestPeer();

describeDigests('weekly digest run', peer, (setup) => {
  it("sends each due person one digest with the week's figures, once a week", async () => {
    const { env, overrides, address, person, mailsTo } = setup();
    // Dana reads the organization's digest on Mondays at 07:00.
    await subscribeToDigest(person('dana'), {
      enabled: true,
      dayOfWeek: 'monday',
      hourUtc: 7,
      scope: 'organization',
    });
    const touchpoints = await seedResponses(env);
    const loungeAlert = await seedAlert(env, touchpoints['lounge'] ?? '', 'open');
    await seedAlert(env, touchpoints['lounge'] ?? '', 'acknowledged');
    const [dana, ed, fay, gil] = ['dana', 'ed', 'fay', 'gil'].map(person) as [
      TPerson,
      TPerson,
      TPerson,
      TPerson,
    ];
    // Ed's team owns the gate; Ed reads his teams' touchpoints only.
    const team = await createTeam(env, `Gate team ${env.dialect}`, [ed.id]);
    const owned = await env.as('admin', {
      method: 'PATCH',
      url: `/api/touchpoints/${touchpoints['gate'] ?? ''}`,
      payload: { ownerTeamId: team },
    });
    expect(owned.statusCode, owned.body).toBe(200);
    await subscribeToDigest(ed, { enabled: true, dayOfWeek: 'monday', hourUtc: 6, scope: 'teams' });
    // Fay switched it on and off again; Gil wants Wednesdays.
    await subscribeToDigest(fay, {
      enabled: true,
      dayOfWeek: 'monday',
      hourUtc: 7,
      scope: 'organization',
    });
    await subscribeToDigest(fay, {
      enabled: false,
      dayOfWeek: 'monday',
      hourUtc: 7,
      scope: 'organization',
    });
    await subscribeToDigest(gil, {
      enabled: true,
      dayOfWeek: 'wednesday',
      hourUtc: 7,
      scope: 'organization',
    });
    // Dana has an open case assigned to her.
    const desk = await createTeam(env, `Desk ${env.dialect}`, [dana.id]);
    const opened = await env.as('admin', {
      method: 'POST',
      url: '/api/cases',
      payload: { title: 'Broken seat', teamId: desk, assigneeId: dana.id },
    });
    expect(opened.statusCode, opened.body).toBe(201);

    // The settings were saved today; the run is dated in March: as if saved the week before.
    await env.storage.db
      .updateTable('digest_subscriptions')
      .set({ active_since: '2026-03-01T00:00:00.000Z' })
      .where('organization_id', '=', env.orgA.id)
      .execute();
    // The hourly run queued by the saves is dated now; the one at the test's clock replaces it.
    await env.storage.db.deleteFrom('jobs').where('kind', '=', DIGEST_JOBS.weekly).execute();
    const clock = { now: new Date('2026-03-09T05:00:00.000Z') };
    await ensureWeeklyDigestRun(env.storage.db, new Date('2026-03-09T04:30:00.000Z'));
    const { worker, close } = testWorker(env, testConfig(env.dialect, overrides), peer.url, clock);
    try {
      // 05:00: nobody is due yet.
      await worker.drain();
      expect(
        peer.messages.filter((m) => m.to.some((t) => t.includes(`digest-${env.dialect}`))),
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
        `href="${DIGEST_BASE}/analytics/responses?from=2026-03-02&amp;to=2026-03-08&amp;metric=nps&amp;n=20"`.replace(
          /&amp;/g,
          '&#38;',
        ),
      );
      expect(mail.html).toContain(`href="${DIGEST_BASE}/alerts/${loungeAlert}"`);
      expect(visibleText(mail.html)).toContain('▼ NPS, lounge: 42 → 17 from 2026-03-02');
      expect(visibleText(mail.html)).toContain('Open alerts (1)');
      expect(visibleText(mail.html)).toContain('1 open case assigned to you');
      expect(mail.text).toContain(`${DIGEST_BASE}/cases?view=mine`);

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
        env,
        testConfig(env.dialect, overrides),
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
      const sends = await env.storage.db
        .selectFrom('digest_sends')
        .select(['user_id', 'week'])
        .where('organization_id', '=', env.orgA.id)
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
      const pending = await env.storage.db
        .selectFrom('jobs')
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
    const { env, overrides, address } = setup();
    const hal = await createPerson(env, address('hal'), 'viewer');
    await subscribeToDigest(hal, {
      enabled: true,
      dayOfWeek: 'tuesday',
      hourUtc: 7,
      scope: 'organization',
    });
    await env.storage.db
      .updateTable('digest_subscriptions')
      .set({ active_since: '2026-03-10T00:00:00.000Z' })
      .where('user_id', '=', hal.id)
      .execute();
    const down = await startSmtpPeer();
    await down.stop();
    const clock = { now: new Date('2026-03-17T07:00:00.000Z') };
    const config = testConfig(env.dialect, { ...overrides, smtpUrl: down.url });
    const { worker, close } = testWorker(env, config, down.url, clock);
    try {
      await worker.drain();
      const claims = () =>
        env.storage.db
          .selectFrom('digest_sends')
          .select('week')
          .where('user_id', '=', hal.id)
          .execute();
      expect(await claims()).toEqual([]);
      const failed = await env.storage.db
        .selectFrom('jobs')
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
});
