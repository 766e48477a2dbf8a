/**
 * Killing the server while rule evaluations and webhook deliveries are pending loses none: the
 * real server runs as a child process with a rule that opens a case for every
 * detractor and emits `rule.matched`, and a webhook subscribed to `case.created` and
 * `rule.matched` at a slow receiver on loopback. It is killed with SIGKILL mid-load; after a
 * restart every acknowledged detractor has exactly one case, and the receiver has every case's
 * and every match's message, duplicates sharing a webhook-id.
 */
import { expect, it } from 'vitest';
import { createRule } from '../../src/rules/rules.service.js';
import { createTeam } from '../../src/teams/teams.service.js';
import { createWebhook } from '../../src/webhooks/webhooks.service.js';
import { seedNpsSurvey } from '../support/nps-survey-seed.js';
import { startWebhookServer, waitFor } from '../support/server-process.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { describeKillSuite, postResponse } from './child-process.js';

const TOTAL = 220;
const IN_FLIGHT = 10;
/**
 * The receiver answers this late, so that messages are still pending when the submissions end:
 * the server's worker sends a claim of attempts at a time and keeps up with a fast receiver.
 */
const RECEIVER_DELAY_MS = 2_000;

interface TMessage {
  type: string;
  data: { id: string; responseId?: string; subject?: { id: string } };
}

describeKillSuite('rule durability', (env) => {
  it(
    'opens one case per detractor and delivers every message after a SIGKILL',
    { timeout: 300_000 },
    async () => {
      const { base } = env();
      const receiver = await startWebhookReceiver();
      receiver.on('/act', { delayMs: RECEIVER_DELAY_MS });
      const { org, surveyId, team, rule } = await env().seed(
        'rules-durable',
        async (ctx, seeded) => {
          const surveyId = await seedNpsSurvey(ctx.storage, seeded.id);
          const team = await createTeam(ctx, { name: 'Recovery', description: '', memberIds: [] });
          const rule = await createRule(ctx, {
            name: 'Detractor to case',
            enabled: true,
            trigger: 'response',
            match: 'all',
            conditions: [{ kind: 'nps', categories: ['detractor'] }],
            actions: [
              { type: 'open_case', priority: 'high', teamId: team.id, title: '{{rule}}' },
              { type: 'webhook' },
            ],
          });
          await createWebhook(ctx, {
            url: `${receiver.origin}/act`,
            description: '',
            eventTypes: ['case.created', 'rule.matched'],
            enabled: true,
          });
          return { surveyId, team, rule };
        },
        { webhookAllowPrivateTargets: 'loopback' },
      );
      const server = await env().start(startWebhookServer);

      const detractors = new Set<string>();
      let next = 0;
      const submitter = async () => {
        while (next < TOTAL) {
          const nps = next % 11;
          next++;
          const res = await postResponse(base, org, surveyId, { answers: { nps } });
          expect(res.status).toBe(201);
          const { id } = (await res.json()) as { id: string };
          if (nps <= 6) detractors.add(id);
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, submitter));
      await waitFor(
        'the first messages',
        () => Promise.resolve(receiver.received.length >= 10),
        60_000,
      );
      server.kill();
      await server.exited();
      // Work was left at the kill: messages not delivered yet (each detractor makes two).
      expect(receiver.received.length).toBeLessThan(2 * detractors.size);

      const restarted = await env().start(startWebhookServer);
      const messages = () =>
        receiver.received.map((r) => ({
          id: String(r.headers['webhook-id']),
          message: JSON.parse(r.body) as TMessage,
        }));
      const respondedTo = (type: string) =>
        new Set(
          messages()
            .filter((m) => m.message.type === type)
            .map((m) => m.message.data.responseId ?? ''),
        );
      await waitFor(
        'a case message and a match message for every detractor',
        () =>
          Promise.resolve(
            [...detractors].every(
              (id) => respondedTo('case.created').has(id) && respondedTo('rule.matched').has(id),
            ),
          ),
        240_000,
      );
      await restarted.stop();

      const { cases, runs } = await env().read(async (db) => ({
        cases: await db
          .selectFrom('cases')
          .select(['id', 'response_id', 'team_id', 'rule_id'])
          .execute(),
        runs: await db.selectFrom('rule_runs').select(['subject_id']).execute(),
      }));
      // Exactly one case per detractor, none for anyone else, each for the rule's team.
      expect(cases.map((c) => c.response_id).sort()).toEqual([...detractors].sort());
      expect(cases.every((c) => c.team_id === team.id && c.rule_id === rule.id)).toBe(true);
      expect(new Set(runs.map((r) => r.subject_id)).size).toBe(runs.length);
      // One webhook-id per message: a receiver dropping repeated ids sees each event once.
      const distinct = new Map(messages().map((m) => [m.id, m.message]));
      const caseMessages = [...distinct.values()].filter((m) => m.type === 'case.created');
      expect(caseMessages.length).toBe(detractors.size);
      expect(new Set(caseMessages.map((m) => m.data.id))).toEqual(new Set(cases.map((c) => c.id)));
      const matchMessages = [...distinct.values()].filter((m) => m.type === 'rule.matched');
      expect(matchMessages.length).toBe(detractors.size);
      await receiver.close();
    },
  );
});
