/** SQL of alerts and of the last scan of each organization (migration 0015). */
import type { TDb } from '../storage/database.js';
import type { TAlertsTable } from '../storage/schema.js';

/** The alerts of some series of an organization (a scan matches its findings against them). */
export function findAlertsOfSeries(
  db: TDb,
  orgId: string,
  seriesKeys: readonly string[],
): Promise<TAlertsTable[]> {
  if (seriesKeys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('series_key', 'in', [...seriesKeys])
    .execute();
}

export async function insertAlert(db: TDb, row: TAlertsTable): Promise<void> {
  await db.insertInto('alerts').values(row).execute();
}

/** The figures a re-scan refreshes; status and who acted stay. */
export type TAlertFigures = Pick<
  TAlertsTable,
  | 'change_date'
  | 'before_json'
  | 'after_json'
  | 'effect_size'
  | 'p_value'
  | 'adjusted_p_value'
  | 'localisation_json'
  | 'updated_at'
>;

export async function updateAlertFigures(
  db: TDb,
  orgId: string,
  id: string,
  figures: TAlertFigures,
): Promise<void> {
  await db
    .updateTable('alerts')
    .set(figures)
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** An organization's alerts, optionally of one status (ordering is the service's). */
export function listAlertRows(
  db: TDb,
  orgId: string,
  status: string | undefined,
): Promise<TAlertsTable[]> {
  let q = db.selectFrom('alerts').selectAll().where('organization_id', '=', orgId);
  if (status !== undefined) q = q.where('status', '=', status);
  return q.execute();
}

export function findAlert(db: TDb, orgId: string, id: string): Promise<TAlertsTable | undefined> {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Moves an alert's status when it is still `from`; false when another request moved it first. */
export async function updateAlertStatusIf(
  db: TDb,
  orgId: string,
  id: string,
  from: string,
  patch: Pick<
    TAlertsTable,
    'status' | 'updated_at' | 'acknowledged_by' | 'acknowledged_at' | 'resolved_by' | 'resolved_at'
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('alerts')
    .set(patch)
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The last scan of an organization, if any. */
export async function findAlertScan(
  db: TDb,
  orgId: string,
): Promise<{ rollupVersion: number; scannedAt: string } | undefined> {
  const row = await db
    .selectFrom('alert_scans')
    .select(['rollup_version', 'scanned_at'])
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  return row && { rollupVersion: Number(row.rollup_version), scannedAt: row.scanned_at };
}

export async function upsertAlertScan(
  db: TDb,
  row: {
    organization_id: string;
    rollup_version: number;
    tested_series: number;
    findings: number;
    scanned_at: string;
  },
): Promise<void> {
  await db
    .insertInto('alert_scans')
    .values(row)
    .onConflict((oc) =>
      oc.column('organization_id').doUpdateSet({
        rollup_version: row.rollup_version,
        tested_series: row.tested_series,
        findings: row.findings,
        scanned_at: row.scanned_at,
      }),
    )
    .execute();
}
