/**
 * A backup taken while responses are being written: the copy passes integrity_check, holds every
 * response acknowledged before the backup began, and its rollups equal a rebuild from its own
 * responses (no transaction half in the copy). Then the copy restores into a new database.
 * SQLite always; PostgreSQL (pg_dump / pg_restore) when TOUCHSTONE_TEST_PG_URL is set.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { ZResponseSubmit } from '@touchstone/core';
import { afterAll, describe, expect, it } from 'vitest';
import { rebuildOrganizationRollups } from '../analytics/rollup-rebuild.js';
import { systemActor } from '../auth/actor.js';
import { submitResponse } from '../responses/responses.service.js';
import { PG_URL, seedOrganization, testServices } from '../../test/harness.js';
import { seedNpsSurvey } from '../../test/support/nps-survey-seed.js';
import { rollupSnapshot } from '../../test/rollup-snapshot.js';
import { backupDatabase, checkSqliteFile, restoreDatabase } from './backup.js';
import { openStorage, type TStorage } from './database.js';
import { migrateToLatest } from './migrate.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-backup-'));
const BIN = fileURLToPath(new URL('../../bin/touchstone.mjs', import.meta.url));

/** `touchstone ARGS` in a process of its own, as an operator runs it beside the server. */
async function touchstone(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  return stdout;
}
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Submits NPS responses from four concurrent writers until stopped; the ids of those
 * acknowledged (committed), in order.
 */
async function writeLoad(storage: TStorage, orgId: string, surveyId: string) {
  const services = await testServices(storage, { start: false });
  const ctx = { storage, actor: systemActor(orgId), services };
  const acknowledged: string[] = [];
  let running = true;
  const writer = async (lane: number) => {
    for (let i = 0; running; i++) {
      const input = ZResponseSubmit.parse({ answers: { nps: (lane + i) % 11 } });
      const { response } = await submitResponse(
        ctx,
        services.responses,
        surveyId,
        input,
        undefined,
      );
      acknowledged.push(response.id);
    }
  };
  const lanes = [0, 1, 2, 3].map(writer);
  return {
    acknowledged,
    async stop() {
      running = false;
      await Promise.all(lanes);
      await services.close();
    },
  };
}

async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function storedIds(storage: TStorage, orgId: string): Promise<Set<string>> {
  const rows = await storage.db
    .selectFrom('responses')
    .select('id')
    .where('organization_id', '=', orgId)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Every id acknowledged before the backup began is in the copy; its rollups equal a rebuild. */
async function expectConsistentCopy(copy: TStorage, orgId: string, before: string[]) {
  const ids = await storedIds(copy, orgId);
  expect(before.filter((id) => !ids.has(id))).toEqual([]);
  const kept = await rollupSnapshot(copy, orgId);
  expect(kept.values.length).toBeGreaterThan(0);
  await rebuildOrganizationRollups(copy, orgId);
  expect(await rollupSnapshot(copy, orgId)).toEqual(kept);
  return ids.size;
}

describe('backup and restore', () => {
  it('SQLite: an online backup during a write load is whole and restores', async () => {
    const file = path.join(dir, 'live.db');
    const storage = await openStorage(file);
    await migrateToLatest(storage.db);
    const org = await seedOrganization(storage, 'backup-sqlite');
    const surveyId = await seedNpsSurvey(storage, org.id);
    const load = await writeLoad(storage, org.id, surveyId);
    const target = path.join(dir, 'backup.db');
    let during = 0;
    try {
      await until(() => load.acknowledged.length >= 200);
      const before = [...load.acknowledged];
      // The CLI in its own process, as beside a running server.
      expect(await touchstone('backup', target, '--database', file)).toMatch(
        new RegExp(`^backed up to ${target}: `),
      );
      during = load.acknowledged.length - before.length;
      checkSqliteFile(target);
      const copy = await openStorage(target);
      try {
        const held = await expectConsistentCopy(copy, org.id, before);
        expect(held).toBeGreaterThanOrEqual(before.length);
      } finally {
        await copy.close();
      }
    } finally {
      await load.stop();
      await storage.close();
    }
    // Writes went on while the backup ran (it took no lock that stopped them).
    expect(during).toBeGreaterThan(0);

    const restored = path.join(dir, 'restored', 'touchstone.db');
    await touchstone('restore', target, '--database', restored);
    await expect(restoreDatabase(target, restored)).rejects.toThrow(/exists; stop the server/);
    const back = await openStorage(restored);
    try {
      const fromBackup = await openStorage(target);
      try {
        expect(await storedIds(back, org.id)).toEqual(await storedIds(fromBackup, org.id));
      } finally {
        await fromBackup.close();
      }
    } finally {
      await back.close();
    }
    await expect(backupDatabase(path.join(dir, 'missing.db'), target)).rejects.toThrow(
      /no database at/,
    );
  }, 120_000);

  it.skipIf(PG_URL === undefined)(
    'PostgreSQL: pg_dump during a write load is whole and restores with pg_restore',
    async () => {
      const url = PG_URL ?? '';
      const schema = `t_backup_${Date.now().toString(36)}`;
      const storage = await openStorage(url, { pgSchema: schema, pgPoolSize: 6 });
      const restoreDb = `touchstone_restore_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await migrateToLatest(storage.db, schema);
        const org = await seedOrganization(storage, 'backup-pg');
        const surveyId = await seedNpsSurvey(storage, org.id);
        const load = await writeLoad(storage, org.id, surveyId);
        const target = path.join(dir, 'backup.pgdump');
        let before: string[] = [];
        try {
          await until(() => load.acknowledged.length >= 200);
          before = [...load.acknowledged];
          const result = await backupDatabase(url, target, { pgSchema: schema });
          expect(result.kind).toBe('postgres');
        } finally {
          await load.stop();
        }
        await admin.query(`CREATE DATABASE ${restoreDb}`);
        const restoreUrl = new URL(url);
        restoreUrl.pathname = `/${restoreDb}`;
        await restoreDatabase(target, restoreUrl.toString());
        const copy = await openStorage(restoreUrl.toString(), { pgSchema: schema });
        try {
          await expectConsistentCopy(copy, org.id, before);
        } finally {
          await copy.close();
        }
      } finally {
        await storage.pool?.query(`DROP SCHEMA ${schema} CASCADE`);
        await storage.close();
        await admin.query(`DROP DATABASE IF EXISTS ${restoreDb}`);
        await admin.end();
      }
    },
    120_000,
  );
});
