/**
 * The follow-up as a rule sends it (no case: the original answer is the customer's latest), its
 * refusals, and where each role's work is (`GET /api/me/work`), on each database.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { createCustomers, insertLiveSurvey } from '../../test/support/invitation-fixtures.js';
import { createPerson, createTeam } from '../../test/support/notification-people.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import { sendFollowUpSurvey } from './follow-up.js';

describeEachDatabase('follow-ups without a case, and where work is', (env) => {
  it('sends a follow-up without a case, comparing with the latest answer, all in the caller transaction', async () => {
    const surveyId = await insertLiveSurvey(env(), `rule-loop-${env().dialect}`);
    const ids = await createCustomers(env(), [
      { externalId: 'rita', email: 'rita@example.com', name: 'Rita' },
      { externalId: 'sam', email: 'sam@example.com', emailConsent: false },
    ]);
    for (const [nps, hoursAgo] of [
      [8, 48],
      [4, 2],
    ] as const) {
      const res = await env().as('admin', {
        method: 'POST',
        url: `/api/surveys/${surveyId}/responses`,
        payload: {
          answers: { nps },
          customerExternalId: 'rita',
          submittedAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
        },
      });
      expect(res.statusCode).toBe(201);
    }
    const orgId = env().orgA.id;
    const row = await env()
      .storage.db.transaction()
      .execute((trx) =>
        sendFollowUpSurvey(trx, {
          organizationId: orgId,
          customerId: ids['rita'] ?? '',
          surveyId,
          caseId: null,
          now: new Date(),
        }),
      );
    expect(row).toMatchObject({
      case_id: null,
      metric: 'nps',
      original_score: 4,
      original_category: 'detractor',
      status: 'sent',
    });
    const invitation = await env()
      .storage.db.selectFrom('invitations')
      .selectAll()
      .where('id', '=', row.invitation_id ?? '')
      .executeTakeFirstOrThrow();
    expect(invitation).toMatchObject({ status: 'queued', customer_id: ids['rita'] });
    const job = await env()
      .storage.db.selectFrom('jobs')
      .select('payload_json')
      .where('kind', '=', 'invitation.send')
      .where('payload_json', 'like', `%${row.invitation_id}%`)
      .execute();
    expect(job).toHaveLength(1);

    // A refusal throws inside the caller's transaction, which then stores nothing.
    const before = await env().storage.db.selectFrom('case_follow_ups').select('id').execute();
    await expect(
      env()
        .storage.db.transaction()
        .execute((trx) =>
          sendFollowUpSurvey(trx, {
            organizationId: orgId,
            customerId: ids['sam'] ?? '',
            surveyId,
            caseId: null,
            now: new Date(),
          }),
        ),
    ).rejects.toThrow(/not consented/);
    const after = await env().storage.db.selectFrom('case_follow_ups').select('id').execute();
    expect(after).toHaveLength(before.length);
  });

  it('refuses a follow-up naming no survey when the organization has no default', async () => {
    const ids = await createCustomers(env(), [{ externalId: 'tom', email: 'tom@example.com' }]);
    const created = await env().as('admin', {
      method: 'POST',
      url: '/api/cases',
      payload: { title: 'A complaint', customerId: ids['tom'] },
    });
    const caseId = created.json<{ id: string; version: number }>().id;
    const resolved = await env().as('admin', {
      method: 'PATCH',
      url: `/api/cases/${caseId}`,
      payload: { status: 'resolved', version: created.json<{ version: number }>().version },
    });
    expect(resolved.statusCode).toBe(200);
    const res = await env().as('admin', {
      method: 'POST',
      url: `/api/cases/${caseId}/follow-up`,
      payload: {},
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      error: { details: [{ field: 'body.surveyId' }] },
    });
    const draft = await env().as('admin', {
      method: 'PUT',
      url: '/api/closed-loop/settings',
      payload: { followUpSurveyId: '01900000-0000-7000-8000-000000000000' },
    });
    expect(draft.statusCode).toBe(422);
  });

  it('lands an agent on cases, a touchpoint owner on their touchpoints, an owner on the overview', async () => {
    const agent = await createPerson(env(), `agent-${env().dialect}@example.com`, 'agent');
    const owner = await createPerson(env(), `analyst-${env().dialect}@example.com`, 'analyst');
    const loner = await createPerson(env(), `viewer-${env().dialect}@example.com`, 'viewer');
    const team = await createTeam(env(), `Lounge team ${env().dialect}`, [agent.id, owner.id]);
    const touchpoints = await seedTouchpoints(env().storage, env().orgA.id, ['lounge', 'gate']);
    await env()
      .storage.db.updateTable('touchpoints')
      .set({ owner_team_id: team })
      .where('id', '=', touchpoints['lounge'] ?? '')
      .execute();

    const work = async (person: typeof agent) => {
      const res = await person.request({ method: 'GET', url: '/api/me/work' });
      expect(res.statusCode).toBe(200);
      return res.json<{
        landing: string;
        teams: { id: string }[];
        ownedTouchpoints: { id: string; teamId: string }[];
      }>();
    };
    expect(await work(agent)).toMatchObject({ landing: 'cases', teams: [{ id: team }] });
    expect(await work(owner)).toMatchObject({
      landing: 'my-touchpoints',
      ownedTouchpoints: [{ id: touchpoints['lounge'], teamId: team }],
    });
    expect(await work(loner)).toMatchObject({ landing: 'overview', teams: [] });
    const key = await env().as('owner', { method: 'GET', url: '/api/me/work' });
    expect(key.json()).toMatchObject({ landing: 'overview', role: 'owner' });
  });
});
