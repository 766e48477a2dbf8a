/**
 * What cases store and keep: bad input refused by name with nothing stored, the codes and SLA
 * policies, and the cases of a deleted team or organization.
 */
import { expect, it } from 'vitest';
import { countRows, describeCases, type TCaseBody } from '../../test/support/cases-fixture.js';
import { createTeam } from '../../test/support/notification-people.js';

describeCases('case records', (setup) => {
  it('refuses bad input by name and stores nothing of it', async () => {
    const { env, w, openByHand } = setup();
    const before = await countRows(env, 'cases');
    const events = await countRows(env, 'domain_events');
    const cases: [object, string][] = [
      [{ title: '' }, 'body.title'],
      [{ title: 'x', colour: 'red' }, ''],
      [{ title: 'x', teamId: '01890000-0000-7000-8000-000000000000' }, 'body.teamId'],
      [{ title: 'x', responseId: 'no-such-response' }, 'body.responseId'],
      [{ title: 'x', touchpointId: 'nope' }, 'body.touchpointId'],
      [{ title: 'x', teamId: w.lounge, assigneeId: w.ben.id }, 'body.assigneeId'],
      [{ title: 'x', priority: 'whenever' }, 'body.priority'],
    ];
    for (const [payload, field] of cases) {
      const res = await env.as('admin', { method: 'POST', url: '/api/cases', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      if (field !== '') {
        expect(JSON.stringify(res.json()), JSON.stringify(payload)).toContain(field);
      }
    }
    const foreignTeam = await w.ana.request({
      method: 'POST',
      url: '/api/cases',
      payload: { title: 'For Cabin', teamId: w.cabin },
    });
    expect(foreignTeam.statusCode).toBe(403);
    expect(await countRows(env, 'cases')).toBe(before);
    expect(await countRows(env, 'domain_events')).toBe(events);

    const c = await openByHand();
    const activities = await countRows(env, 'case_activities');
    const badCode = await env.as('admin', {
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { status: 'open', rootCauseCodeId: '01890000-0000-7000-8000-000000000000' },
    });
    expect(badCode.statusCode).toBe(422);
    const still = await env.as('admin', { method: 'GET', url: `/api/cases/${c.id}` });
    expect(still.json<TCaseBody>()).toMatchObject({ status: 'new', version: 1 });
    expect(await countRows(env, 'case_activities')).toBe(activities);
    const badMatch = await env.as('admin', {
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      headers: { 'if-match': 'yesterday' },
      payload: { status: 'open' },
    });
    expect(badMatch.statusCode).toBe(400);
  });

  it('keeps a taxonomy of codes and SLA policies', async () => {
    const { env, openByHand } = setup();
    const made = await env.as('admin', {
      method: 'POST',
      url: '/api/case-codes',
      payload: { kind: 'root_cause', label: 'Staffing' },
    });
    expect(made.statusCode).toBe(201);
    const code = made.json<{ id: string }>();
    const dup = await env.as('admin', {
      method: 'POST',
      url: '/api/case-codes',
      payload: { kind: 'root_cause', label: 'Staffing' },
    });
    expect(dup.statusCode).toBe(409);
    const agentMakes = await env.as('agent', {
      method: 'POST',
      url: '/api/case-codes',
      payload: { kind: 'resolution', label: 'Refund' },
    });
    expect(agentMakes.statusCode).toBe(403);

    const c = await openByHand();
    const wrongKind = await env.as('admin', {
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { resolutionCodeId: code.id },
    });
    expect(wrongKind.statusCode).toBe(422);
    const coded = await env.as('admin', {
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { rootCauseCodeId: code.id },
    });
    expect(coded.json()).toMatchObject({ rootCauseCodeId: code.id });
    const inUse = await env.as('admin', { method: 'DELETE', url: `/api/case-codes/${code.id}` });
    expect(inUse.statusCode).toBe(409);
    const archived = await env.as('admin', {
      method: 'PATCH',
      url: `/api/case-codes/${code.id}`,
      payload: { archived: true },
    });
    expect(archived.json()).toMatchObject({ archived: true });
    const active = await env.as('agent', {
      method: 'GET',
      url: '/api/case-codes?archived=false',
    });
    expect(active.json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(
      code.id,
    );

    const defaults = await env.as('agent', { method: 'GET', url: '/api/case-sla-policies' });
    expect(defaults.json()).toMatchObject({
      items: expect.arrayContaining([
        { priority: 'urgent', firstResponseMinutes: 60, resolutionMinutes: 480 },
      ]),
    });
    const backwards = await env.as('admin', {
      method: 'PUT',
      url: '/api/case-sla-policies',
      payload: { items: [{ priority: 'low', firstResponseMinutes: 600, resolutionMinutes: 60 }] },
    });
    expect(backwards.statusCode).toBe(422);
    const put = await env.as('admin', {
      method: 'PUT',
      url: '/api/case-sla-policies',
      payload: { items: [{ priority: 'low', firstResponseMinutes: 30, resolutionMinutes: 90 }] },
    });
    expect(put.statusCode, put.body).toBe(200);
    const low = await openByHand({ priority: 'low' });
    const lowCase = await env.as('admin', { method: 'GET', url: `/api/cases/${low.id}` });
    const sla = lowCase.json<{ createdAt: string; sla: { resolution: { dueAt: string } } }>();
    expect(Date.parse(sla.sla.resolution.dueAt) - Date.parse(sla.createdAt)).toBe(90 * 60_000);
  });

  it('keeps the cases of a deleted team, without a team', async () => {
    const { env, w, openByHand } = setup();
    const team = await createTeam(env, 'Short-lived', [w.ana.id]);
    const c = await openByHand({ title: 'Orphan', teamId: team });
    const deleted = await env.as('admin', { method: 'DELETE', url: `/api/teams/${team}` });
    expect(deleted.statusCode).toBe(204);
    const kept = await env.as('admin', { method: 'GET', url: `/api/cases/${c.id}` });
    expect(kept.json()).toMatchObject({ teamId: null, teamName: null });
  });

  it('deletes an organization together with its cases, codes and timeline', async () => {
    const { env } = setup();
    const b = env.orgB;
    const code = await env.as(
      'owner',
      { method: 'POST', url: '/api/case-codes', payload: { kind: 'resolution', label: 'Refund' } },
      b,
    );
    const c = await env.as(
      'owner',
      { method: 'POST', url: '/api/cases', payload: { title: 'B' } },
      b,
    );
    const coded = await env.as(
      'owner',
      {
        method: 'PATCH',
        url: `/api/cases/${c.json<TCaseBody>().id}`,
        payload: { resolutionCodeId: code.json<{ id: string }>().id, status: 'resolved' },
      },
      b,
    );
    expect(coded.statusCode, coded.body).toBe(200);
    const gone = await env.as('owner', { method: 'DELETE', url: '/api/organization' }, b);
    expect(gone.statusCode, gone.body).toBe(204);
    const left = await env.storage.db
      .selectFrom('cases')
      .select('id')
      .where('organization_id', '=', b.id)
      .execute();
    expect(left).toEqual([]);
  });
});
