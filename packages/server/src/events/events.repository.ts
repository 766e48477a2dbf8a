/**
 * SQL of the transactional outbox: appending a transaction's events inside the write
 * transaction, reading them in order of commit, the subscribers' cursors, the admin listing.
 */
import { sql, type Selectable } from 'kysely';
import type { TEventListQuery, TEventType } from '@touchstone/core';
import type { TWriteTx } from '../ingest/stored-response.js';
import type { TDb } from '../storage/database.js';
import type { TDomainEventsTable } from '../storage/schema.js';
import { dialectOf } from '../storage/json-path.js';
import { fetchPage } from '../storage/pagination.js';
import type { TDomainEvent, TNewEvent } from './domain-event.js';

/**
 * The key of the PostgreSQL advisory lock a transaction takes before it appends events: held
 * until COMMIT, it makes transactions that write events commit in the order of their `seq`, so a
 * reader that has seen `seq` n never later finds a smaller one committed.
 */
const APPEND_LOCK_KEY = 0x7453_4556; // 'tSEV'

/** Appends one event (SQLite; the bulk writer thread prepares it too). */
export const INSERT_EVENT = `INSERT INTO domain_events
  (id, organization_id, type, subject_id, payload_json, tx_end, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`;

const INSERT_EVENTS_PG = `INSERT INTO domain_events
  (id, organization_id, type, subject_id, payload_json, tx_end, created_at)
  SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[])`;

/**
 * Appends a transaction's events inside it (the last is marked as its end). Call it once per
 * transaction, after its rows are written: on PostgreSQL it takes the append lock.
 */
export async function appendEvents(tx: TWriteTx, events: readonly TNewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const last = events.length - 1;
  if (tx.dialect === 'sqlite') {
    for (let i = 0; i <= last; i++) {
      const e = events[i] as TNewEvent;
      await tx.query(INSERT_EVENT, [
        e.id,
        e.organizationId,
        e.type,
        e.subjectId,
        e.payloadJson,
        i === last ? 1 : 0,
        e.at,
      ]);
    }
    return;
  }
  await tx.query(`SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY})`, []);
  await tx.query(INSERT_EVENTS_PG, [
    events.map((e) => e.id),
    events.map((e) => e.organizationId),
    events.map((e) => e.type),
    events.map((e) => e.subjectId),
    events.map((e) => e.payloadJson),
    events.map((_, i) => (i === last ? '1' : '0')),
    events.map((e) => e.at),
  ]);
}

/** The same as `appendEvents`, for callers that hold a Kysely transaction (single writes). */
export async function appendEventsIn(trx: TDb, events: readonly TNewEvent[]): Promise<void> {
  if (events.length === 0) return;
  if (dialectOf(trx) === 'postgres') {
    await sql`SELECT pg_advisory_xact_lock(${sql.lit(APPEND_LOCK_KEY)})`.execute(trx);
  }
  const last = events.length - 1;
  await trx
    .insertInto('domain_events')
    .values(
      events.map((e, i) => ({
        id: e.id,
        organization_id: e.organizationId,
        type: e.type,
        subject_id: e.subjectId,
        payload_json: e.payloadJson,
        tx_end: i === last ? 1 : 0,
        created_at: e.at,
      })),
    )
    .execute();
}

/** A `domain_events` row as read (PostgreSQL's driver gives a bigint `seq` as text). */
type TEventRow = Omit<Selectable<TDomainEventsTable>, 'seq'> & { seq: number | string };

/** An event read back; its payload is parsed when first read (many subscribers skip most). */
function toEvent(row: TEventRow): TDomainEvent {
  let payload: Record<string, unknown> | null = null;
  return {
    seq: Number(row.seq),
    id: row.id,
    organizationId: row.organization_id,
    type: row.type as TEventType,
    subjectId: row.subject_id,
    get payload() {
      payload ??= JSON.parse(row.payload_json) as Record<string, unknown>;
      return payload;
    },
    txEnd: Number(row.tx_end) === 1,
    at: row.created_at,
  };
}

/** Events after `position` in order of commit, at most `limit`. */
export async function findEventsAfter(
  db: TDb,
  position: number,
  limit: number,
): Promise<TDomainEvent[]> {
  const rows = await db
    .selectFrom('domain_events')
    .selectAll()
    .where('seq', '>', position)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(toEvent);
}

/** The position of the newest event (0 when there is none). */
export async function findEventHead(db: TDb): Promise<number> {
  const row = await db
    .selectFrom('domain_events')
    .select((eb) => eb.fn.max('seq').as('head'))
    .executeTakeFirst();
  return Number(row?.head ?? 0);
}

/** Events after `position` (up to `limit`, for a bounded count). */
export async function countEventsAfter(db: TDb, position: number, limit: number): Promise<number> {
  const row = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('domain_events')
        .select('seq')
        .where('seq', '>', position)
        .limit(limit)
        .as('pending'),
    )
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A durable subscriber's stored position, or null before its first start. */
export async function findCursor(db: TDb, subscriber: string): Promise<number | null> {
  const row = await db
    .selectFrom('event_cursors')
    .select('position')
    .where('subscriber', '=', subscriber)
    .executeTakeFirst();
  return row === undefined ? null : Number(row.position);
}

/** Creates a durable subscriber's cursor at `position` unless it exists. */
export async function insertCursorIfMissing(
  db: TDb,
  subscriber: string,
  position: number,
  at: string,
): Promise<void> {
  await db
    .insertInto('event_cursors')
    .values({ subscriber, position, updated_at: at })
    .onConflict((oc) => oc.column('subscriber').doNothing())
    .execute();
}

/** Moves a durable subscriber's cursor forward (never back). */
export async function advanceCursor(
  db: TDb,
  subscriber: string,
  position: number,
  at: string,
): Promise<void> {
  await db
    .updateTable('event_cursors')
    .set({ position, updated_at: at })
    .where('subscriber', '=', subscriber)
    .where('position', '<', position)
    .execute();
}

/**
 * Leases a durable subscriber's cursor to `owner` until `until` on PostgreSQL, so that one
 * process at a time delivers to it: granted when the cursor is free, its lease has lapsed, or
 * the owner holds it already. Returns the cursor's position, or null when another holds it.
 */
export async function leaseCursor(
  db: TDb,
  subscriber: string,
  owner: string,
  now: string,
  until: string,
): Promise<number | null> {
  const row = await db
    .updateTable('event_cursors')
    .set({ leased_by: owner, leased_until: until })
    .where('subscriber', '=', subscriber)
    .where((eb) =>
      eb.or([
        eb('leased_until', 'is', null),
        eb('leased_until', '<', now),
        eb('leased_by', '=', owner),
      ]),
    )
    .returning('position')
    .executeTakeFirst();
  return row === undefined ? null : Number(row.position);
}

/**
 * Ends the owner's lease, moving the cursor forward to `position` (never back) when given.
 * False when the lease had lapsed and another process took it: that one delivers the events
 * again, which at-least-once delivery allows.
 */
export async function releaseCursor(
  db: TDb,
  subscriber: string,
  owner: string,
  position: number | null,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('event_cursors')
    .set((eb) => ({
      leased_by: null,
      leased_until: null,
      updated_at: at,
      ...(position !== null && {
        position: eb
          .case()
          .when('position', '<', position)
          .then(position)
          .else(eb.ref('position'))
          .end(),
      }),
    }))
    .where('subscriber', '=', subscriber)
    .where('leased_by', '=', owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** An organization's events, newest first, for the admin listing. */
export async function listEvents(
  db: TDb,
  orgId: string,
  query: TEventListQuery,
): Promise<{ items: TDomainEvent[]; nextCursor: string | null }> {
  let q = db.selectFrom('domain_events').selectAll().where('organization_id', '=', orgId);
  if (query.type !== undefined) q = q.where('type', '=', query.type);
  const { rows, nextCursor } = await fetchPage(q, {
    sort: { column: 'seq', direction: 'desc' },
    idColumn: 'id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [Number(row.seq), row.id],
  });
  return { items: rows.map(toEvent), nextCursor };
}
