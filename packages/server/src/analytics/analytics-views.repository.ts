/**
 * SQL of the experiential profile and the journey map: the model rows they need beyond the
 * analytics model (brands, provider types, stage order), interaction counts, and the customer-level
 * sums behind touchpoint importance. Every query returns aggregates or model rows, never answers.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { TDb } from '../storage/database.js';
import { interactionTime, interactionTimeValue } from '../interactions/interactions.repository.js';
import { organizationSeq } from '../organizations/organizations.repository.js';

/** Brands with their experiential value promise (JSON). */
export function findBrandsForProfile(db: TDb, orgId: string) {
  return db
    .selectFrom('brands')
    .select(['id', 'name', 'promise_json as promiseJson'])
    .where('organization_id', '=', orgId)
    .orderBy('name')
    .execute();
}

/** Touchpoints with channel, provider type, stage, journey and the journey's brand. */
export function findTouchpointProfiles(db: TDb, orgId: string) {
  return db
    .selectFrom('touchpoints')
    .innerJoin('journeys', 'journeys.id', 'touchpoints.journey_id')
    .select([
      'touchpoints.id as id',
      'touchpoints.name as name',
      'touchpoints.channel as channel',
      'touchpoints.provider_type as providerType',
      'touchpoints.stage_id as stageId',
      'touchpoints.journey_id as journeyId',
      'journeys.brand_id as brandId',
    ])
    .where('touchpoints.organization_id', '=', orgId)
    .orderBy('touchpoints.name')
    .orderBy('touchpoints.id')
    .execute();
}

/** One journey of the organization, or undefined. */
export function findJourneyForMap(db: TDb, orgId: string, journeyId: string) {
  return db
    .selectFrom('journeys')
    .select(['id', 'name'])
    .where('organization_id', '=', orgId)
    .where('id', '=', journeyId)
    .executeTakeFirst();
}

/** The journey's stages in their order. */
export function findStagesInOrder(db: TDb, orgId: string, journeyId: string) {
  return db
    .selectFrom('stages')
    .select(['id', 'name', 'position'])
    .where('organization_id', '=', orgId)
    .where('journey_id', '=', journeyId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** Surveys of kind relationship: their NPS answers are the relationship NPS. */
export async function findRelationshipSurveyIds(db: TDb, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('surveys')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('kind', '=', 'relationship')
    .execute();
  return rows.map((r) => r.id);
}

/** Interactions per touchpoint with occurred_at in [from, to] (whole days, UTC). */
export async function countInteractionsByTouchpoint(
  db: TDb,
  orgId: string,
  touchpointIds: readonly string[],
  range: { from: string | null; to: string | null },
): Promise<Map<string, number>> {
  if (touchpointIds.length === 0) return new Map();
  let query = db
    .selectFrom('interactions')
    .select(['touchpoint_id as touchpointId', sql<number | string>`COUNT(*)`.as('n')])
    .where('organization_seq', '=', organizationSeq(orgId))
    .where('touchpoint_id', 'in', touchpointIds);
  // A day's first instant and the next day's bound the range, in the time index's own terms.
  const time = interactionTime(db);
  if (range.from !== null) {
    const from = interactionTimeValue(db, `${range.from}T00:00:00.000Z`);
    query = query.where(sql<SqlBool>`${time} >= ${from}`);
  }
  if (range.to !== null) {
    const next = new Date(Date.parse(`${range.to}T00:00:00.000Z`) + 86_400_000).toISOString();
    query = query.where(sql<SqlBool>`${time} < ${interactionTimeValue(db, next)}`);
  }
  const rows = await query.groupBy('touchpoint_id').execute();
  return new Map(rows.map((r) => [r.touchpointId, Number(r.n)]));
}

/** How one (question key, survey) answer maps onto 0..100 (reverse-coded items reversed). */
export interface TScoredSlot {
  key: string;
  surveyId: string;
  min: number;
  max: number;
  reverse: boolean;
}

/** Per touchpoint: n, sums and sums of products of (customer score x, customer relationship NPS y). */
export interface TImportanceSums {
  touchpointId: string;
  n: number;
  sumX: number;
  sumY: number;
  sumXX: number;
  sumYY: number;
  sumXY: number;
}

function onHundred(slots: readonly TScoredSlot[]): RawBuilder<number> {
  const cases = slots.map((s) => {
    // Scales come from survey definitions (numbers): literals keep the arithmetic typed on both dialects.
    const scaled = sql`(rv.value - ${sql.lit(Number(s.min))}) * 100.0 / ${sql.lit(Number(s.max - s.min))}`;
    const value = s.reverse ? sql`100.0 - ${scaled}` : scaled;
    return sql`WHEN rv.question_key = ${s.key} AND rv.survey_id = ${s.surveyId} THEN ${value}`;
  });
  return sql<number>`CASE ${sql.join(cases, sql` `)} END`;
}

/**
 * The sufficient statistics of the correlation, per touchpoint, between each customer's mean
 * touchpoint score (0..100) and that customer's latest relationship NPS answer, both in the period.
 * All in one SQL statement: customer means and the latest NPS are reduced in the database.
 */
export async function findImportanceSums(
  db: TDb,
  orgId: string,
  input: {
    touchpointIds: readonly string[];
    slots: readonly TScoredSlot[];
    relationship: { surveyIds: readonly string[]; keys: readonly string[] };
    from: string | null;
    to: string | null;
  },
): Promise<TImportanceSums[]> {
  const { touchpointIds, slots, relationship } = input;
  if (
    touchpointIds.length === 0 ||
    slots.length === 0 ||
    relationship.surveyIds.length === 0 ||
    relationship.keys.length === 0
  ) {
    return [];
  }
  const list = (values: readonly string[]) =>
    sql.join(
      values.map((v) => sql`${v}`),
      sql`, `,
    );
  const period = sql.join(
    [
      ...(input.from !== null ? [sql`rv.day >= ${input.from}`] : []),
      ...(input.to !== null ? [sql`rv.day <= ${input.to}`] : []),
      sql`1 = 1`,
    ],
    sql` AND `,
  );
  const result = await sql<Record<string, string | number | null>>`
    WITH touch AS (
      SELECT rv.touchpoint_id AS tp, r.customer_id AS customer, AVG(${onHundred(slots)}) AS x
      FROM response_values rv
      JOIN responses r ON r.id = rv.response_id
      WHERE rv.organization_id = ${orgId}
        AND rv.touchpoint_id IN (${list(touchpointIds)})
        AND rv.question_key IN (${list([...new Set(slots.map((s) => s.key))])})
        AND rv.survey_id IN (${list([...new Set(slots.map((s) => s.surveyId))])})
        AND r.customer_id IS NOT NULL
        AND ${period}
      GROUP BY rv.touchpoint_id, r.customer_id
    ),
    ranked AS (
      SELECT r.customer_id AS customer, rv.value AS y,
        ROW_NUMBER() OVER (
          PARTITION BY r.customer_id ORDER BY r.submitted_at DESC, r.id DESC
        ) AS latest
      FROM response_values rv
      JOIN responses r ON r.id = rv.response_id
      WHERE rv.organization_id = ${orgId}
        AND rv.survey_id IN (${list(relationship.surveyIds)})
        AND rv.question_key IN (${list(relationship.keys)})
        AND r.customer_id IS NOT NULL
        AND ${period}
    )
    SELECT touch.tp AS "touchpointId", COUNT(*) AS n,
      SUM(touch.x) AS "sumX", SUM(ranked.y) AS "sumY",
      SUM(touch.x * touch.x) AS "sumXX", SUM(ranked.y * ranked.y) AS "sumYY",
      SUM(touch.x * ranked.y) AS "sumXY"
    FROM touch
    JOIN ranked ON ranked.customer = touch.customer AND ranked.latest = 1
    WHERE touch.x IS NOT NULL
    GROUP BY touch.tp
  `.execute(db);
  return result.rows.map((r) => ({
    touchpointId: String(r['touchpointId']),
    n: Number(r['n']),
    sumX: Number(r['sumX']),
    sumY: Number(r['sumY']),
    sumXX: Number(r['sumXX']),
    sumYY: Number(r['sumYY']),
    sumXY: Number(r['sumXY']),
  }));
}
