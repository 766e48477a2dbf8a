/**
 * Figure a: interactions imported per second through the NDJSON import path, against a naive
 * loader that commits one row at a time. Every run starts from an empty interactions table and
 * must leave exactly the generated rows and amounts in it before its time counts.
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import type { TServiceContext } from '../packages/server/src/auth/actor.js';
import { importInteractions } from '../packages/server/src/imports/imports.service.js';
import type { TBenchDatabase } from './databases.js';
import { readFirstLines, type TExpectedTotals, type TInteractionsFile } from './demo-data.js';
import { naiveLoadInteractions } from './naive-loader.js';
import type { TBenchOptions } from './options.js';
import { median, note, timed } from './report.js';

export interface TImportFigure {
  database: string;
  rows: number;
  medianMs: number;
  rowsPerSecond: number;
  naiveRows: number;
  naiveMedianMs: number;
  naiveRowsPerSecond: number;
}

async function clearInteractions(ctx: TServiceContext): Promise<void> {
  await ctx.storage.db
    .deleteFrom('interactions')
    .where('organization_id', '=', ctx.actor.organizationId)
    .execute();
}

/** Throws unless the table holds exactly the expected rows and amount. */
async function assertTableHolds(ctx: TServiceContext, expected: TExpectedTotals, what: string) {
  const row = await ctx.storage.db
    .selectFrom('interactions')
    .select([
      sql<number | string>`count(*)`.as('rows'),
      sql<number | string | null>`sum(amount)`.as('amount'),
    ])
    .where('organization_id', '=', ctx.actor.organizationId)
    .executeTakeFirstOrThrow();
  const actual = { rows: Number(row.rows), amountCents: Math.round(Number(row.amount ?? 0) * 100) };
  if (actual.rows !== expected.rows || actual.amountCents !== expected.amountCents) {
    throw new Error(
      `${what} left ${actual.rows} rows / ${actual.amountCents} cents, ` +
        `expected ${expected.rows} rows / ${expected.amountCents} cents`,
    );
  }
}

/** Runs the import figure on one database that holds the demo organization and customers. */
export async function measureImport(
  database: TBenchDatabase,
  ctx: TServiceContext,
  file: TInteractionsFile,
  options: TBenchOptions,
): Promise<TImportFigure> {
  const ours: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    note(
      `  ${database.name}: NDJSON import of ${file.all.rows} rows, run ${run + 1} of ${options.runs}`,
    );
    await clearInteractions(ctx);
    const { result, ms } = await timed(() =>
      importInteractions(ctx, fs.createReadStream(file.path), 'ndjson'),
    );
    if (result.failed !== 0) {
      throw new Error(
        `the import rejected ${result.failed} rows: ${JSON.stringify(result.errors[0])}`,
      );
    }
    await assertTableHolds(ctx, file.all, 'the NDJSON import');
    ours.push(ms);
  }

  const lines = readFirstLines(file.path, file.prefix.rows);
  const naive: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    note(
      `  ${database.name}: naive loader, ${lines.length} rows, run ${run + 1} of ${options.runs}`,
    );
    await clearInteractions(ctx);
    const { ms } = await timed(() =>
      naiveLoadInteractions(ctx.storage, ctx.actor.organizationId, lines),
    );
    await assertTableHolds(ctx, file.prefix, 'the naive loader');
    naive.push(ms);
  }
  const medianMs = median(ours);
  const naiveMedianMs = median(naive);
  return {
    database: database.name,
    rows: file.all.rows,
    medianMs,
    rowsPerSecond: file.all.rows / (medianMs / 1000),
    naiveRows: file.prefix.rows,
    naiveMedianMs,
    naiveRowsPerSecond: file.prefix.rows / (naiveMedianMs / 1000),
  };
}
