/**
 * The weekly digest suites' setup: a real SMTP server on loopback for the file, and on every
 * database an app that mails through it with four people in org A (dana an analyst, ed a
 * viewer, fay an agent, gil an admin), and helpers to read what was sent.
 */
import { afterAll, expect } from 'vitest';
import type { TConfig } from '../../src/config.js';
import type { TTestEnv } from '../harness.js';
import { describeEachDatabaseWith } from './fixture-suite.js';
import { createPerson, type TPerson } from './notification-people.js';
import { startSmtpPeer, type TCapturedMail, type TSmtpPeer } from './smtp-test-peer.js';

export const DIGEST_BASE = 'https://cx.aurora.example';

/** Starts the file's SMTP peer, stopped after the file. */
export async function startDigestPeer(): Promise<TSmtpPeer> {
  const peer = await startSmtpPeer();
  afterAll(() => peer.stop());
  return peer;
}

/** Saves a person's digest setting through the API; what it answers. */
export async function subscribeToDigest(person: TPerson, body: Record<string, unknown>) {
  const res = await person.request({
    method: 'PUT',
    url: '/api/digest-subscription',
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Record<string, unknown>>();
}

/** Text of the e-mail's HTML, tags dropped and entities of the characters used read back. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/\s+/g, ' ');
}

/** The cells of one scorecard row of the HTML: metric, value, n, value before, n before, change. */
export function scorecardRow(html: string, metric: string): string[] {
  const row = new RegExp(`<tr data-metric="${metric}">(.*?)</tr>`).exec(html)?.[1] ?? '';
  return [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) =>
    visibleText(m[1] ?? '').trim(),
  );
}

const PEOPLE = [
  ['dana', 'analyst'],
  ['ed', 'viewer'],
  ['fay', 'agent'],
  ['gil', 'admin'],
] as const;

export interface TDigestsFixture {
  env: TTestEnv;
  /** The app's settings beyond the defaults: the peer for SMTP, the public base URL, a sender. */
  overrides: Partial<TConfig>;
  /** `name@digest-<dialect>.example` */
  address: (name: string) => string;
  person: (name: string) => TPerson;
  mailsTo: (address: string) => TCapturedMail[];
}

/**
 * Declares a digest suite once per database (`title [sqlite]`, `title [postgres]`) on `peer`;
 * the callback reads its fixture through `setup()` inside tests.
 */
export function describeDigests(
  title: string,
  peer: TSmtpPeer,
  suite: (setup: () => TDigestsFixture) => void,
): void {
  const overrides = {
    smtpUrl: peer.url,
    publicBaseUrl: DIGEST_BASE,
    mailFrom: 'Touchstone <cx@aurora.example>',
  };
  describeEachDatabaseWith(
    title,
    async (e): Promise<TDigestsFixture> => {
      const address = (name: string) => `${name}@digest-${e.dialect}.example`;
      const people: Record<string, TPerson> = {};
      for (const [name, role] of PEOPLE) {
        people[name] = await createPerson(e, address(name), role);
      }
      return {
        env: e,
        overrides,
        address,
        person: (name) => {
          const p = people[name];
          if (!p) throw new Error(`no ${name}`);
          return p;
        },
        mailsTo: (to) => peer.messages.filter((m) => m.to.includes(to)),
      };
    },
    suite,
    { overrides },
  );
}
