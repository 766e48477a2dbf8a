/**
 * Test support of the ingest contract suite: a seeded mix of writes through the group commit and
 * the bulk response writer (complete and partial responses, completions of partial ones,
 * repeated idempotency keys) whose fate is predicted row by row, for the rollup recount check.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { ingestEngine } from '../../src/ingest/engine.js';
import { ResponseWriter } from '../../src/ingest/response-writer.js';
import { rollupBatchListener } from '../../src/ingest/rollup-writes.js';
import type { TStoredResponse } from '../../src/ingest/stored-response.js';
import type { TStorage } from '../../src/storage/database.js';
import {
  completeResponse,
  completionOf,
  partialResponse,
  type TCaseOrganization,
} from './ingest-engines.js';

const score = (min: number, max: number) => fc.option(fc.integer({ min, max }), { nil: null });

const arbitraryResponse = fc.record({
  answers: fc.record({
    nps: fc.integer({ min: 0, max: 10 }),
    csat: score(1, 5),
    sense: score(1, 5),
    feel: score(1, 5),
  }),
  /** The organization's touchpoint of that index, none past them. */
  touchpoint: fc.integer({ min: 0, max: 3 }),
  day: fc.constantFrom('2026-02-27', '2026-02-28', '2026-03-01', '2026-04-15'),
  segment: fc.constantFrom('', 'gold', 'silver'),
  fate: fc.constantFrom(
    'new',
    'new',
    'partial',
    'partial',
    'completes-partial',
    'completes-partial',
    'repeats-key',
  ),
});
type TPlannedResponse = typeof arbitraryResponse extends fc.Arbitrary<infer T> ? T : never;

const arbitraryStep = fc.record({
  writer: fc.constantFrom('group commit', 'group commit', 'bulk'),
  units: fc.array(fc.array(arbitraryResponse, { minLength: 1, maxLength: 3 }), {
    minLength: 1,
    maxLength: 6,
  }),
});

/**
 * Writes a seeded plan of steps into the organization, checking each write's fate as predicted
 * (a unit or row that repeats a stored idempotency key is refused, nothing else); returns the ids
 * of the responses that must be stored, and how many writes were refused and completions stored.
 */
export async function seededMix(
  storage: TStorage,
  c: TCaseOrganization,
  seed: number,
): Promise<{ stored: string[]; refused: number; completed: number }> {
  const [steps = []] = fc.sample(fc.array(arbitraryStep, { minLength: 20, maxLength: 20 }), {
    seed,
    numRuns: 1,
  });
  const engine = ingestEngine(storage);
  const group = new ResponseWriter(engine.flush([rollupBatchListener()], 'response'));
  const bulk = engine.bulkResponses();
  const takenKeys: string[] = [];
  const open: TStoredResponse[] = [];
  const stored: string[] = [];
  let keys = 0;
  let refusedWrites = 0;
  let completed = 0;

  /** The response a planned one stands for, and whether it must be refused. */
  const build = (p: TPlannedResponse, partials: boolean) => {
    const segment: Record<string, string> = p.segment === '' ? {} : { tier: p.segment };
    const extra: Partial<TStoredResponse> = {
      touchpointId: c.touchpointIds[p.touchpoint] ?? null,
      segment,
      segmentKey: p.segment === '' ? '' : `tier=${p.segment}`,
      idempotencyKey: p.answers.nps % 2 === 0 ? `mix-${keys++}` : null,
    };
    const repeated = takenKeys[p.answers.nps % Math.max(takenKeys.length, 1)];
    if (p.fate === 'repeats-key' && repeated !== undefined) {
      const response = completeResponse(c.org.id, c.surveyId, p.answers, p.day, {
        ...extra,
        idempotencyKey: repeated,
      });
      return { response, refused: true };
    }
    const partial = open.shift();
    if (partials && p.fate === 'completes-partial' && partial !== undefined) {
      return { response: completionOf(partial, p.answers, p.day), refused: false };
    }
    if (partial !== undefined) open.unshift(partial);
    const response =
      partials && p.fate === 'partial'
        ? partialResponse(c.org.id, c.surveyId, p.day, extra)
        : completeResponse(c.org.id, c.surveyId, p.answers, p.day, extra);
    return { response, refused: false };
  };

  const accept = (responses: readonly TStoredResponse[], opened: TStoredResponse[]) => {
    for (const r of responses) {
      if (r.change !== 'created') continue;
      stored.push(r.id);
      if (r.idempotencyKey !== null) takenKeys.push(r.idempotencyKey);
      if (r.status === 'partial') opened.push(r);
    }
  };

  try {
    for (const step of steps) {
      if (step.writer === 'group commit') {
        const units = step.units.map((unit) => unit.map((p) => build(p, true)));
        const results = await group.writeEach(units.map((u) => u.map((b) => b.response)));
        const refused = units.map((u) => u.some((b) => b.refused));
        expect(results.map((r) => r.status === 'rejected')).toEqual(refused);
        const opened: TStoredResponse[] = [];
        units.forEach((u, i) => {
          if (refused[i] === true) {
            refusedWrites++;
            return;
          }
          const responses = u.map((b) => b.response);
          accept(responses, opened);
          completed += responses.filter((r) => r.change === 'updated').length;
        });
        open.push(...opened);
      } else {
        const rows = step.units.flat().map((p) => build(p, false));
        const failures = await bulk.write(rows.map((b) => b.response));
        const refused = rows.flatMap((b, i) => (b.refused ? [i] : []));
        expect(failures.map((f) => f.index)).toEqual(refused);
        refusedWrites += refused.length;
        accept(
          rows.filter((b) => !b.refused).map((b) => b.response),
          [],
        );
      }
    }
  } finally {
    await group.close();
    await bulk.close();
  }
  return { stored, refused: refusedWrites, completed };
}
