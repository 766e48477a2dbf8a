/**
 * Notification e-mail against a real SMTP server on loopback, on every database: the immediate
 * e-mail, the daily digest (one per person, marked, and the next run queued), and `off`.
 */
import { afterAll, expect, it } from 'vitest';
import { describeEachDatabase, testConfig, type TTestEnv } from '../../test/harness.js';
import { testWorker } from '../../test/support/invitation-fixtures.js';
import { createPerson, type TPerson } from '../../test/support/notification-people.js';
import { startSmtpPeer, type TCapturedMail } from '../../test/support/smtp-test-peer.js';
import { ensureDigestSchedules, nextDigestAt } from './notification-digest.js';
import { NOTIFICATION_JOBS } from './notification-job-kinds.js';
import { notify } from './notify.js';

const peer = await startSmtpPeer();
afterAll(() => peer.stop());

const BASE = 'https://cx.aurora.example';
const overrides = {
  smtpUrl: peer.url,
  publicBaseUrl: BASE,
  mailFrom: 'Touchstone <cx@aurora.example>',
};
const HOUR = 3_600_000;

function mailsTo(address: string): TCapturedMail[] {
  return peer.messages.filter((m) => m.to.includes(address));
}

async function choose(person: TPerson, email: string) {
  const res = await person.request({
    method: 'PUT',
    url: '/api/notification-preferences',
    payload: { email },
  });
  if (res.statusCode !== 200) throw new Error(`preference: ${res.body}`);
}

function tell(env: TTestEnv, userIds: string[], title: string, now: Date, link = '/cases/42') {
  return env.storage.db.transaction().execute((trx) =>
    notify(trx, {
      organizationId: env.orgA.id,
      recipients: { userIds },
      kind: 'case.assigned',
      title,
      body: 'Seat 14C & <nothing> "else"',
      link,
      subject: { type: 'case', id: '42' },
      now,
    }),
  );
}

async function digestJobs(env: TTestEnv) {
  return env.storage.db
    .selectFrom('jobs')
    .select(['id', 'status', 'run_at'])
    .where('kind', '=', NOTIFICATION_JOBS.digest)
    .where('organization_id', '=', env.orgA.id)
    .orderBy('run_at')
    .execute();
}

describeEachDatabase(
  'notification e-mail',
  (env) => {
    const clock = { now: new Date('2026-03-02T10:00:00.000Z') };
    const people: Record<string, TPerson> = {};
    const address = (name: string) => `${name}@mail-${env().dialect}.example`;
    const id = (name: string) => people[name]?.id ?? '';

    it('sends the immediate e-mail once, escaped, with an absolute link and a stable id', async () => {
      const { worker, close } = testWorker(
        env(),
        testConfig(env().dialect, overrides),
        peer.url,
        clock,
      );
      try {
        for (const name of ['fay', 'dana', 'ed']) {
          people[name] = await createPerson(env(), address(name));
        }
        const fay = people['fay'];
        if (!fay) throw new Error('no fay');
        await choose(fay, 'immediate');
        await tell(env(), [fay.id], 'Case #42 <assigned> to you', clock.now);
        await worker.drain();
        const mails = mailsTo(address('fay'));
        expect(mails).toHaveLength(1);
        const mail = mails[0];
        if (!mail) throw new Error('no mail');
        expect(mail.subject).toBe('Case #42 <assigned> to you');
        expect(mail.html).toContain('Case #42 &#60;assigned&#62; to you');
        expect(mail.html).toContain('Seat 14C &#38; &#60;nothing&#62; &#34;else&#34;');
        expect(mail.html).not.toContain('<nothing>');
        expect(mail.html).toContain(`href="${BASE}/cases/42"`);
        expect(mail.text).toContain(`${BASE}/cases/42`);
        const row = await env()
          .storage.db.selectFrom('notifications')
          .select(['id', 'emailed_at'])
          .where('user_id', '=', fay.id)
          .executeTakeFirstOrThrow();
        expect(mail.headers.get('message-id')).toBe(`<notification.${row.id}@aurora.example>`);
        expect(row.emailed_at).toBe(clock.now.toISOString());
        // A second run of the worker finds nothing to send again.
        await worker.drain();
        expect(mailsTo(address('fay'))).toHaveLength(1);
      } finally {
        close();
      }
    });

    it('sends no immediate e-mail for one read before it went, or after choosing off', async () => {
      const config = testConfig(env().dialect, overrides);
      const { worker, close } = testWorker(env(), config, peer.url, clock);
      try {
        const fay = people['fay'];
        if (!fay) throw new Error('no fay');
        const before = mailsTo(address('fay')).length;
        await tell(env(), [fay.id], 'Read on the dashboard first', clock.now);
        const all = await fay.request({ method: 'POST', url: '/api/notifications/read-all' });
        // This one and the first test's, which was e-mailed but never read.
        expect(all.json()).toEqual({ marked: 2 });
        await tell(env(), [fay.id], 'Queued, then e-mail turned off', clock.now);
        await choose(fay, 'off');
        await worker.drain();
        expect(mailsTo(address('fay'))).toHaveLength(before);
        await choose(fay, 'immediate');
      } finally {
        close();
      }
    });

    it('keeps exactly one pending digest job per organization, however often it is ensured', async () => {
      await Promise.all([
        ensureDigestSchedules(env().storage, clock.now),
        ensureDigestSchedules(env().storage, clock.now),
      ]);
      await ensureDigestSchedules(env().storage, clock.now);
      const jobs = await digestJobs(env());
      expect(jobs).toEqual([
        expect.objectContaining({
          status: 'queued',
          run_at: nextDigestAt(clock.now).toISOString(),
        }),
      ]);
      expect(nextDigestAt(clock.now).toISOString()).toBe('2026-03-03T07:00:00.000Z');
    });

    it('sends each digest person one e-mail of their day, marks them, skips off, queues the next', async () => {
      const { worker, close } = testWorker(
        env(),
        testConfig(env().dialect, overrides),
        peer.url,
        clock,
      );
      try {
        const [dana, ed] = [people['dana'], people['ed']];
        if (!dana || !ed) throw new Error('no people');
        await choose(ed, 'off');
        const start = clock.now;
        // Older than the digest's day: left out.
        await tell(env(), [dana.id], 'Too old', new Date(start.getTime() - 26 * HOUR));
        const later = new Date(start.getTime() + 16 * HOUR);
        await tell(env(), [dana.id, ed.id, id('fay')], 'First <case>', later);
        await tell(env(), [dana.id, ed.id], 'Second case', later, '/cases/43');
        await tell(env(), [dana.id], 'Already read', later);
        const read = await dana.request({ method: 'GET', url: '/api/notifications?unread=true' });
        const readId = read
          .json<{ items: { id: string; title: string }[] }>()
          .items.find((n) => n.title === 'Already read')?.id;
        await dana.request({ method: 'POST', url: `/api/notifications/${readId ?? ''}/read` });
        const fayBefore = mailsTo(address('fay')).length;

        // Before 07:00 the digest waits.
        clock.now = new Date('2026-03-03T06:59:00.000Z');
        await worker.drain();
        expect(mailsTo(address('dana'))).toHaveLength(0);

        clock.now = new Date('2026-03-03T07:00:00.000Z');
        await worker.drain();
        const digests = mailsTo(address('dana'));
        expect(digests).toHaveLength(1);
        const digest = digests[0];
        if (!digest) throw new Error('no digest');
        expect(digest.subject).toBe('Your daily digest: 2 notifications');
        expect(digest.text).toContain('First <case>');
        expect(digest.text).toContain(`${BASE}/cases/43`);
        expect(digest.text).toContain('2026-03-03 02:00 UTC');
        expect(digest.html).toContain('First &#60;case&#62;');
        expect(digest.text).not.toContain('Too old');
        expect(digest.text).not.toContain('Already read');
        expect(digest.headers.get('message-id')).toMatch(
          new RegExp(`^<digest\\.[0-9a-f-]+\\.${dana.id}@aurora\\.example>$`),
        );
        // Off: nothing. Immediate: the e-mail of its own, and no digest.
        expect(mailsTo(address('ed'))).toHaveLength(0);
        expect(mailsTo(address('fay'))).toHaveLength(fayBefore + 1);
        expect(mailsTo(address('fay')).map((m) => m.subject)).not.toContain(
          'Your daily digest: 1 notification',
        );

        const marked = await env()
          .storage.db.selectFrom('notifications')
          .select(['user_id', 'title', 'digest_at'])
          .where('user_id', 'in', [dana.id, ed.id])
          .orderBy('title')
          .execute();
        const digestAt = clock.now.toISOString();
        expect(marked.filter((n) => n.digest_at !== null).map((n) => [n.user_id, n.title])).toEqual(
          [
            [dana.id, 'First <case>'],
            [dana.id, 'Second case'],
          ],
        );
        expect(marked.find((n) => n.user_id === dana.id && n.digest_at !== null)?.digest_at).toBe(
          digestAt,
        );

        const jobs = await digestJobs(env());
        expect(jobs.map((j) => [j.status, j.run_at])).toEqual([
          ['done', '2026-03-03T07:00:00.000Z'],
          ['queued', '2026-03-04T07:00:00.000Z'],
        ]);
        const schedule = await env()
          .storage.db.selectFrom('notification_digest_schedules')
          .selectAll()
          .where('organization_id', '=', env().orgA.id)
          .executeTakeFirstOrThrow();
        expect(schedule.job_id).toBe(jobs[1]?.id);

        // The next day's run has nothing new for Dana: no e-mail at all.
        clock.now = new Date('2026-03-04T07:00:00.000Z');
        await worker.drain();
        expect(mailsTo(address('dana'))).toHaveLength(1);
        expect((await digestJobs(env())).map((j) => j.status)).toEqual(['done', 'done', 'queued']);
      } finally {
        close();
      }
    });

    it('replaces a digest job that gave up, at the next start', async () => {
      const [pending] = (await digestJobs(env())).filter((j) => j.status === 'queued');
      if (!pending) throw new Error('no pending digest job');
      await env()
        .storage.db.updateTable('jobs')
        .set({ status: 'dead' })
        .where('id', '=', pending.id)
        .execute();
      await ensureDigestSchedules(env().storage, clock.now);
      const queued = (await digestJobs(env())).filter((j) => j.status === 'queued');
      expect(queued).toHaveLength(1);
      expect(queued[0]?.id).not.toBe(pending.id);
    });
  },
  overrides,
);
