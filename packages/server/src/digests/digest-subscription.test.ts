/**
 * A person's weekly digest setting through the API (and its refusals), and the preview: sent at
 * once through a real SMTP server on loopback, or refused where the server has no SMTP.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase, testConfig } from '../../test/harness.js';
import { RUN_AT } from '../../test/support/digest-week-seed.js';
import {
  describeDigests,
  startDigestPeer,
  subscribeToDigest,
} from '../../test/support/digests-fixture.js';
import { testWorker } from '../../test/support/invitation-fixtures.js';
import { createPerson } from '../../test/support/notification-people.js';
import { DIGEST_JOBS } from './digest-jobs.js';

const peer = await startDigestPeer();

describeDigests('digest subscription', peer, (setup) => {
  it('keeps a setting per person and refuses bad ones naming the field', async () => {
    const { env, person } = setup();
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
      expect(res.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe(
        `body.${field}`,
      );
    }
    // Nothing half-stored: still the default.
    const after = await dana.request({ method: 'GET', url: '/api/digest-subscription' });
    expect(after.json<{ enabled: boolean }>().enabled).toBe(false);
    // An API key is no person.
    const byKey = await env.as('admin', { method: 'GET', url: '/api/digest-subscription' });
    expect(byKey.statusCode).toBe(400);

    const saved = await subscribeToDigest(dana, good);
    expect(saved).toMatchObject({ ...good, lastSentAt: null });
    expect(typeof saved['nextSendAt']).toBe('string');
    expect(new Date(String(saved['nextSendAt'])).getUTCDay()).toBe(1);
    expect(new Date(String(saved['nextSendAt'])).getUTCHours()).toBe(7);
  });

  it('sends a preview at once, marked as such, outside the weekly log', async () => {
    const { env, overrides, address, person, mailsTo } = setup();
    const fay = person('fay');
    const clock = { now: RUN_AT };
    const res = await fay.request({ method: 'POST', url: '/api/digest-subscription/preview' });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ queued: true, to: address('fay') });
    const { worker, close } = testWorker(env, testConfig(env.dialect, overrides), peer.url, clock);
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
    const logged = await env.storage.db
      .selectFrom('digest_sends')
      .select('user_id')
      .where('user_id', '=', fay.id)
      .execute();
    expect(logged).toEqual([]);
  });
});

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
