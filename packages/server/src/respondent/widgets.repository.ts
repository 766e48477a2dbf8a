import type { TDb } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TWidgetsTable, TWidgetSurveysTable } from '../storage/schema.js';
import type {
  TWidget,
  TWidgetPublicConfig,
  TWidgetSurveyRule,
  TWidgetTrigger,
} from './widgets.schema.js';

function toRule(row: TWidgetSurveysTable): TWidgetSurveyRule {
  return {
    surveyId: row.survey_id,
    triggers: parseJsonColumn<TWidgetTrigger[]>(row.triggers_json),
    samplingPercent: Number(row.sampling_percent),
    oncePerDays: Number(row.once_per_days),
  };
}

function toWidget(row: TWidgetsTable, rules: TWidgetSurveysTable[]): TWidget {
  return {
    id: row.id,
    name: row.name,
    publicKey: row.public_key,
    enabled: Number(row.enabled) === 1,
    surveys: rules.filter((r) => r.widget_id === row.id).map(toRule),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function rulesOf(db: TDb, orgId: string, widgetIds: string[]) {
  if (widgetIds.length === 0) return [];
  return db
    .selectFrom('widget_surveys')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('widget_id', 'in', widgetIds)
    .orderBy('position')
    .execute();
}

export async function findWidget(db: TDb, orgId: string, id: string): Promise<TWidget | undefined> {
  const row = await db
    .selectFrom('widgets')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toWidget(row, await rulesOf(db, orgId, [row.id]));
}

/** Every widget of an organization (a handful: one per site or app), by name. */
export async function listWidgets(db: TDb, orgId: string): Promise<TWidget[]> {
  const rows = await db
    .selectFrom('widgets')
    .selectAll()
    .where('organization_id', '=', orgId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  const rules = await rulesOf(
    db,
    orgId,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toWidget(row, rules));
}

export async function insertWidget(db: TDb, row: TWidgetsTable): Promise<void> {
  await db.insertInto('widgets').values(row).execute();
}

export async function updateWidgetRow(
  db: TDb,
  orgId: string,
  id: string,
  changes: Partial<Pick<TWidgetsTable, 'name' | 'enabled' | 'updated_at'>>,
): Promise<void> {
  await db
    .updateTable('widgets')
    .set(changes)
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function deleteWidgetRow(db: TDb, orgId: string, id: string): Promise<void> {
  await db
    .deleteFrom('widgets')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Replaces a widget's survey list as a whole, in the given order. */
export async function setWidgetSurveys(
  db: TDb,
  orgId: string,
  widgetId: string,
  rules: TWidgetSurveyRule[],
): Promise<void> {
  await db
    .deleteFrom('widget_surveys')
    .where('organization_id', '=', orgId)
    .where('widget_id', '=', widgetId)
    .execute();
  if (rules.length === 0) return;
  await db
    .insertInto('widget_surveys')
    .values(
      rules.map((rule, position) => ({
        widget_id: widgetId,
        survey_id: rule.surveyId,
        organization_id: orgId,
        position,
        triggers_json: JSON.stringify(rule.triggers),
        sampling_percent: rule.samplingPercent,
        once_per_days: rule.oncePerDays,
      })),
    )
    .execute();
}

/** The ids of these surveys that exist in the organization. */
export async function findSurveyIdsInOrg(
  db: TDb,
  orgId: string,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('surveys')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * The public configuration behind a key: the enabled widget's live surveys, in order. Undefined
 * when no enabled widget has the key.
 */
export async function findPublicWidgetConfig(
  db: TDb,
  publicKey: string,
): Promise<TWidgetPublicConfig | undefined> {
  const widget = await db
    .selectFrom('widgets')
    .select(['id', 'organization_id'])
    .where('public_key', '=', publicKey)
    .where('enabled', '=', 1)
    .executeTakeFirst();
  if (!widget) return undefined;
  const rows = await db
    .selectFrom('widget_surveys')
    .innerJoin('surveys', 'surveys.id', 'widget_surveys.survey_id')
    .select([
      'surveys.slug',
      'widget_surveys.triggers_json',
      'widget_surveys.sampling_percent',
      'widget_surveys.once_per_days',
    ])
    .where('widget_surveys.widget_id', '=', widget.id)
    .where('surveys.organization_id', '=', widget.organization_id)
    .where('surveys.status', '=', 'live')
    .orderBy('widget_surveys.position')
    .execute();
  return {
    surveys: rows.map((row) => ({
      slug: row.slug,
      triggers: parseJsonColumn<TWidgetTrigger[]>(row.triggers_json),
      samplingPercent: Number(row.sampling_percent),
      oncePerDays: Number(row.once_per_days),
    })),
  };
}
