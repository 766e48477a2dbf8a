import type { TResponse, TResponseListQuery } from '@touchstone/core';
import { sql, type SqlBool } from 'kysely';
import { organizationSeq } from '../organizations/organizations.repository.js';
import type { TDb } from '../storage/database.js';
import { fetchMergedPage, parseSort, type TPagePart } from '../storage/pagination.js';
import type { TResponsesTable } from '../storage/schema.js';
import { toResponse } from '../ingest/response-rows.js';

export async function findResponse(
  db: TDb,
  orgId: string,
  id: string,
): Promise<TResponse | undefined> {
  const row = await db
    .selectFrom('responses')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toResponse(row);
}

/** The response stored under an idempotency key (one probe of the unique index). */
export async function findResponseByIdempotencyKey(
  db: TDb,
  orgId: string,
  key: string,
): Promise<TResponse | undefined> {
  const row = await db
    .selectFrom('responses')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row && toResponse(row);
}

/** Responses stored under any of the keys, by key. */
export async function findResponsesByIdempotencyKeys(
  db: TDb,
  orgId: string,
  keys: string[],
): Promise<Map<string, TResponse>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('responses')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('idempotency_key', 'in', keys)
    .execute();
  return new Map(rows.map((r) => [r.idempotency_key ?? '', toResponse(r)]));
}

/** The response a resume token was issued for (by the token's hash, in any organization). */
export async function findResponseRowByResumeHash(
  db: TDb,
  hash: string,
): Promise<TResponsesTable | undefined> {
  return db
    .selectFrom('responses')
    .selectAll()
    .where('resume_token_hash', '=', hash)
    .executeTakeFirst();
}

/**
 * Gives a response a new resume token (by its hash), the old one no longer opening it; returns
 * the response's status, or null when the organization has no such response.
 */
export async function setResumeTokenHash(
  db: TDb,
  orgId: string,
  responseId: string,
  hash: string,
): Promise<string | null> {
  const row = await db
    .updateTable('responses')
    .set({ resume_token_hash: hash })
    .where('organization_id', '=', orgId)
    .where('id', '=', responseId)
    .returning('status')
    .executeTakeFirst();
  return row?.status ?? null;
}

/** Of these response ids, those stored (in any organization), with their organization and survey. */
export async function findResponseOrganizations(
  db: TDb,
  ids: string[],
): Promise<Map<string, { organizationId: string; surveyId: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('responses')
    .select(['id', 'organization_id', 'survey_id'])
    .where('id', 'in', ids)
    .execute();
  return new Map(
    rows.map((r) => [r.id, { organizationId: r.organization_id, surveyId: r.survey_id }]),
  );
}

/** Every response of a customer, oldest first (the personal data export). */
export async function listResponsesOfCustomer(
  db: TDb,
  orgId: string,
  customerId: string,
): Promise<TResponse[]> {
  const rows = await db
    .selectFrom('responses')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .orderBy('started_at')
    .orderBy('id')
    .execute();
  return rows.map(toResponse);
}

/** A customer's responses as erasure needs them: what to strip, in which survey version. */
export async function findResponsesOfCustomer(db: TDb, orgId: string, customerId: string) {
  return db
    .selectFrom('responses')
    .select(['id', 'survey_id', 'survey_version', 'answers_json'])
    .where('organization_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .execute();
}

/**
 * Keeps a response without what names its respondent: no customer, the given answers (free
 * text taken out), no hidden fields, no resume token or idempotency key. Numeric answers, and so
 * the rollups, are unchanged.
 */
export async function anonymiseResponseRow(
  db: TDb,
  orgId: string,
  id: string,
  answersJson: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('responses')
    .set({
      customer_id: null,
      answers_json: answersJson,
      hidden_json: '{}',
      resume_token_hash: null,
      idempotency_key: null,
      updated_at: at,
      anonymised_at: at,
    })
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Deletes responses (the rollups are rebuilt after: see the customer erasure). */
export async function deleteResponseRows(
  db: TDb,
  orgId: string,
  ids: readonly string[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .deleteFrom('responses')
      .where('organization_id', '=', orgId)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  }
}

/** Customers by external id, for an import batch. */
export async function findCustomersForResponses(db: TDb, orgId: string, externalIds: string[]) {
  if (externalIds.length === 0) return [];
  return db
    .selectFrom('customers')
    .select(['id', 'external_id', 'attributes_json'])
    .where('organization_id', '=', orgId)
    .where('external_id', 'in', externalIds)
    .execute();
}

/**
 * A page of responses, newest or oldest first: a submitted response by its submission, one not
 * submitted (partial) by its start. Submitted responses come in order from the time index
 * `(organization_seq, submitted_at)`, unsubmitted ones from `responses_org_unsubmitted`
 * (migration 0012); a list of both merges a page of each, so that no list reads and sorts all of
 * an organization's responses. A response is partial exactly when it has no submission time.
 */
export async function listResponses(
  db: TDb,
  orgId: string,
  query: TResponseListQuery,
): Promise<{ items: TResponse[]; nextCursor: string | null }> {
  let q = db
    .selectFrom('responses')
    .selectAll()
    .where('organization_seq', '=', organizationSeq(orgId))
    .where('organization_id', '=', orgId);
  if (query.surveyId !== undefined) q = q.where('survey_id', '=', query.surveyId);
  if (query.touchpointId !== undefined) q = q.where('touchpoint_id', '=', query.touchpointId);
  if (query.customerId !== undefined) q = q.where('customer_id', '=', query.customerId);
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  if (query.channel !== undefined) q = q.where('channel', '=', query.channel);
  if (query.language !== undefined) q = q.where('language', '=', query.language);
  const sort = parseSort(query.sort, { submittedAt: 'responses.submitted_at' });
  /** The rows of a part, dated by its own time column, within the asked period. */
  const dated = (
    part: typeof q,
    column: 'submitted_at' | 'started_at',
  ): TPagePart<'responses', TResponsesTable> => {
    let r = part;
    if (query.from !== undefined) r = r.where(column, '>=', new Date(query.from).toISOString());
    if (query.to !== undefined) r = r.where(column, '<', new Date(query.to).toISOString());
    return { query: r, sort: { ...sort, column: `responses.${column}` } };
  };
  const submitted = dated(q.where('submitted_at', 'is not', null), 'submitted_at');
  const unsubmitted = dated(q.where('submitted_at', 'is', null), 'started_at');
  const parts =
    query.status === 'complete'
      ? [submitted]
      : query.status === 'partial'
        ? [unsubmitted]
        : [submitted, unsubmitted];
  const { rows, nextCursor } = await fetchMergedPage(parts, {
    idColumn: 'responses.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [row.submitted_at ?? row.started_at, row.id],
  });
  return { items: rows.map(toResponse), nextCursor };
}

/** Columns an export reads, with the customer's external id and the touchpoint's key. */
export interface TExportRow extends TResponsesTable {
  customer_external_id: string | null;
  touchpoint_key: string | null;
}

/**
 * One page of a survey's responses in (version, id) order after the given position: keyset
 * pagination over the responses_survey_version index, so every page costs the same.
 */
export async function exportPage(
  db: TDb,
  orgId: string,
  surveyId: string,
  after: { version: number; id: string } | null,
  limit: number,
): Promise<TExportRow[]> {
  let q = db
    .selectFrom('responses')
    .leftJoin('customers', 'customers.id', 'responses.customer_id')
    .leftJoin('touchpoints', 'touchpoints.id', 'responses.touchpoint_id')
    .selectAll('responses')
    .select(['customers.external_id as customer_external_id', 'touchpoints.key as touchpoint_key'])
    .where('responses.survey_id', '=', surveyId)
    .where('responses.organization_id', '=', orgId);
  if (after !== null) {
    q = q.where(
      sql<SqlBool>`(responses.survey_version, responses.id) > (${after.version}, ${after.id})`,
    );
  }
  return q.orderBy('responses.survey_version').orderBy('responses.id').limit(limit).execute();
}
