import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { createPerson, createTeam, type TPerson } from '../../test/support/notification-people.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { JobWorker } from '../jobs/job-worker.js';
import { registerCaseJobs } from './case-sla-check.js';
import { openCase } from './case-writes.js';
import { findCaseRow } from './cases.repository.js';

const HOUR = 60 * 60_000;

describeEachDatabase('case SLAs', (env) => {
  let ana: TPerson;
  let lee: TPerson;
  let team: string;
  beforeAll(async () => {
    ana = await createPerson(env(), 'ana.sla@a.test');
    lee = await createPerson(env(), 'lee.sla@a.test');
    team = await createTeam(env(), 'Lounge SLA', [ana.id, lee.id]);
    const lead = await env().as('admin', {
      method: 'PATCH',
      url: `/api/teams/${team}`,
      payload: { leadUserId: lee.id },
    });
    expect(lead.statusCode, lead.body).toBe(200);
  });

  /** Opens a normal-priority case (first response 8 h, resolution 72 h) at `at`. */
  async function openAt(at: Date): Promise<string> {
    const { id } = await env()
      .storage.db.transaction()
      .execute((trx) =>
        openCase(trx, {
          organizationId: env().orgA.id,
          title: 'Cold coffee',
          description: 'The coffee in the lounge was cold',
          priority: 'normal',
          source: { type: 'manual', id: null },
          responseId: null,
          customerId: null,
          touchpointId: null,
          teamId: team,
          assigneeId: null,
          ruleId: null,
          actor: { type: 'system', id: null },
          now: at,
        }),
      );
    return id;
  }

  function workerAt(clock: { now: Date }): JobWorker {
    const registry = new JobRegistry();
    registerCaseJobs(registry);
    return new JobWorker(env().storage, registry, { now: () => clock.now });
  }

  it('pending stops both timers; resuming pushes the unmet due times by the time paused', async () => {
    const id = await openAt(new Date(Date.now() - HOUR));
    const opened = await findCaseRow(env().storage.db, env().orgA.id, id);
    const pending = await ana.request({
      method: 'PATCH',
      url: `/api/cases/${id}`,
      payload: { status: 'pending' },
    });
    expect(pending.json()).toMatchObject({ sla: { pausedAt: expect.any(String) } });
    // Pretend the case has been pending for three hours.
    const pausedAt = new Date(Date.now() - 3 * HOUR).toISOString();
    await env()
      .storage.db.updateTable('cases')
      .set({ paused_at: pausedAt })
      .where('id', '=', id)
      .execute();
    const resumed = await ana.request({
      method: 'PATCH',
      url: `/api/cases/${id}`,
      payload: { status: 'open' },
    });
    expect(resumed.statusCode, resumed.body).toBe(200);
    const body = resumed.json<{
      sla: {
        pausedAt: string | null;
        pausedMs: number;
        resolution: { dueAt: string };
        firstResponse: { dueAt: string; metAt: string | null };
      };
    }>();
    expect(body.sla.pausedAt).toBeNull();
    expect(body.sla.pausedMs).toBeGreaterThanOrEqual(3 * HOUR);
    expect(body.sla.pausedMs).toBeLessThan(3 * HOUR + 60_000);
    const pushed =
      Date.parse(body.sla.resolution.dueAt) - Date.parse(opened?.resolution_due_at ?? '');
    expect(pushed).toBe(body.sla.pausedMs);
    // The first response was met by the move to pending, so its due time stays.
    expect(body.sla.firstResponse.metAt).not.toBeNull();
    expect(body.sla.firstResponse.dueAt).toBe(opened?.first_response_due_at);
  });

  it('marks a missed target, escalates to the lead, emits the event and checks again later', async () => {
    const clock = { now: new Date() };
    const id = await openAt(new Date(clock.now.getTime() - 10 * HOUR));
    const worker = workerAt(clock);
    await worker.drain();

    let row = await findCaseRow(env().storage.db, env().orgA.id, id);
    expect(row?.first_response_breached_at).toBe(clock.now.toISOString());
    expect(row?.resolution_breached_at).toBeNull();
    expect(row?.escalated_at).toBe(clock.now.toISOString());
    expect(row?.sla_check_at).toBe(row?.resolution_due_at);

    const events = await env()
      .storage.db.selectFrom('domain_events')
      .select(['type', 'payload_json'])
      .where('subject_id', '=', id)
      .where('type', '=', 'case.sla_breached')
      .execute();
    expect(
      events.map(
        (e) => (JSON.parse(e.payload_json) as { change: Record<string, unknown> }).change['target'],
      ),
    ).toEqual(['first_response']);
    const leads = await env()
      .storage.db.selectFrom('notifications')
      .select('user_id')
      .where('subject_id', '=', id)
      .where('kind', '=', 'case.sla_breached')
      .execute();
    expect(leads.map((n) => n.user_id)).toEqual([lee.id]);
    const listed = await env().as('admin', { method: 'GET', url: '/api/cases?sla=breached' });
    const list = listed.json<{ items: { id: string }[]; counts: { breached: number } }>();
    expect(list.items.map((i) => i.id)).toContain(id);
    expect(list.counts.breached).toBe(list.items.length);

    // Nothing more is due yet: running again changes nothing.
    await worker.drain();
    expect(
      (await findCaseRow(env().storage.db, env().orgA.id, id))?.first_response_breached_at,
    ).toBe(clock.now.toISOString());

    clock.now = new Date(clock.now.getTime() + 70 * HOUR);
    await worker.drain();
    row = await findCaseRow(env().storage.db, env().orgA.id, id);
    expect(row?.resolution_breached_at).toBe(clock.now.toISOString());
    expect(row?.sla_check_at).toBeNull();
    const timeline = await env()
      .storage.db.selectFrom('case_activities')
      .select('kind')
      .where('case_id', '=', id)
      .orderBy('created_at')
      .execute();
    expect(timeline.map((a) => a.kind)).toEqual(['created', 'sla_breached', 'sla_breached']);
  });

  it('does not breach a pending case, nor one answered in time', async () => {
    const clock = { now: new Date() };
    const waiting = await openAt(new Date(clock.now.getTime() - HOUR));
    const answered = await openAt(new Date(clock.now.getTime() - HOUR));
    expect(
      (
        await ana.request({
          method: 'PATCH',
          url: `/api/cases/${waiting}`,
          payload: { status: 'pending' },
        })
      ).statusCode,
    ).toBe(200);
    const note = await ana.request({
      method: 'POST',
      url: `/api/cases/${answered}/notes`,
      payload: { body: 'Called the customer back' },
    });
    expect(note.statusCode, note.body).toBe(201);
    clock.now = new Date(clock.now.getTime() + 20 * HOUR);
    await workerAt(clock).drain();
    const pendingRow = await findCaseRow(env().storage.db, env().orgA.id, waiting);
    const answeredRow = await findCaseRow(env().storage.db, env().orgA.id, answered);
    expect(pendingRow?.first_response_breached_at).toBeNull();
    expect(pendingRow?.resolution_breached_at).toBeNull();
    expect(answeredRow?.first_responded_at).not.toBeNull();
    expect(answeredRow?.first_response_breached_at).toBeNull();
  });
});
