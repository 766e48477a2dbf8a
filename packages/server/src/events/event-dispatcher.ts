/**
 * Hands the outbox's events to the subscribers registered at start, in order of commit and at
 * least once. Each subscriber has its own cursor and its own loop, so a slow or failing one
 * neither blocks the others nor loses events: it retries the same events with backoff.
 */
import { newId } from '@touchstone/core';
import type { TDb, TStorage } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import type { TDomainEvent } from './domain-event.js';
import {
  advanceCursor,
  countEventsAfter,
  findCursor,
  findEventHead,
  findEventsAfter,
  insertCursorIfMissing,
  leaseCursor,
  releaseCursor,
} from './events.repository.js';

/** A subscriber of domain events. */
export interface TEventSubscriber {
  /** Unique among subscribers; a durable subscriber's cursor is stored under it. */
  readonly name: string;
  /**
   * Durable: its cursor is stored, so after a restart (or a crash) it goes on where it stopped;
   * on PostgreSQL one process at a time delivers to it. Otherwise the cursor lives in this
   * process and starts at the newest event (a cache, such as the cube, that loads its state
   * fresh at start).
   */
  readonly durable: boolean;
  /**
   * Handles events in order of commit, whole transactions at a time. Throwing makes the
   * dispatcher hand the same events again later: handle an event id seen before as a no-op.
   */
  handle(events: readonly TDomainEvent[]): Promise<void>;
  /**
   * A volatile subscriber may say it has nothing to do now (the cube, while no organization's
   * cube is in memory): its cursor then moves to the newest event without reading any, since
   * whatever it would build from them later loads the state they made anyway.
   */
  idle?(): boolean;
}

export interface TDispatcherLog {
  error(details: Record<string, unknown>, message: string): void;
}

export interface TDispatcherOptions {
  /** How often an idle subscriber looks for events written by other processes. */
  pollMs?: number;
  /** Events read at a time (a transaction is never split, so a delivery may hold more). */
  pageSize?: number;
  /** The longest wait after repeated failures of a subscriber. */
  maxBackoffMs?: number;
  /**
   * The least time from the start of one delivery to a durable subscriber to the start of the
   * next while events keep coming. Each delivery costs a read and a cursor write, and a
   * subscriber's own queries and transaction; under load, commits that arrive meanwhile are
   * handed over together instead of one delivery per commit. The first events after a quiet
   * spell are handed over at once.
   */
  durableIntervalMs?: number;
  log?: TDispatcherLog;
}

/** A subscriber's state, for `/metrics` and the admin API. */
export interface TSubscriberState {
  name: string;
  durable: boolean;
  position: number;
  backlog: number;
}

const BACKLOG_COUNT_LIMIT = 1_000_000;
/**
 * How long a process's lease on a durable cursor lasts without renewal: the longest a killed
 * process keeps others from delivering. A delivery renews it while the subscriber works.
 */
const CURSOR_LEASE_MS = 30_000;

/** The events up to the end of the last whole transaction among `events`. */
function wholeTransactions(events: readonly TDomainEvent[]): TDomainEvent[] {
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]?.txEnd === true) return events.slice(0, i + 1);
  }
  return [];
}

class SubscriberLoop {
  position = 0;
  failures = 0;
  private wakeUp: (() => void) | null = null;
  /** Ends a wait after a failure early: only stopping does, a wake must not skip the backoff. */
  private endBackoff: (() => void) | null = null;
  private woken = false;
  /** Wakes so far; a loop is behind until a read that began after the last wake found nothing. */
  private wakes = 0;
  private wakesSeen = 0;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly advanced = new Set<() => void>();

  constructor(
    private readonly storage: TStorage,
    readonly subscriber: TEventSubscriber,
    /** This dispatcher's name on the cursor leases it takes. */
    private readonly owner: string,
    private readonly options: Required<Omit<TDispatcherOptions, 'log'>> & {
      log: TDispatcherLog | undefined;
    },
  ) {}

  async start(head: number): Promise<void> {
    const db = this.storage.db;
    if (this.subscriber.durable) {
      await insertCursorIfMissing(db, this.subscriber.name, head, nowIso());
      this.position = (await findCursor(db, this.subscriber.name)) ?? head;
    } else {
      this.position = head;
    }
    this.running = this.run();
  }

  wake(): void {
    this.woken = true;
    this.wakes++;
    this.wakeUp?.();
  }

  /** True while a commit of this process may have events this subscriber has not handled. */
  get behind(): boolean {
    return this.wakesSeen < this.wakes;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.endBackoff?.();
    this.wake();
    await this.running;
  }

  /** Resolves once the cursor is at or past `position`, or after `timeoutMs`. */
  reach(position: number, timeoutMs: number): Promise<boolean> {
    if (this.position >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.advanced.delete(check);
        resolve(false);
      }, timeoutMs);
      const check = () => {
        if (this.position < position) return;
        clearTimeout(timer);
        this.advanced.delete(check);
        resolve(true);
      };
      this.advanced.add(check);
      this.wake();
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      const wakes = this.wakes;
      let delivered = false;
      const started = Date.now();
      try {
        delivered = await this.deliverOnce();
        this.failures = 0;
        if (!delivered) this.wakesSeen = wakes;
      } catch (error) {
        this.failures++;
        this.options.log?.error(
          { err: error, subscriber: this.subscriber.name, failures: this.failures },
          'event subscriber failed; its events will be handed to it again',
        );
        await this.backoff(
          Math.min(this.options.maxBackoffMs, 50 * 2 ** Math.min(this.failures, 16)),
        );
        continue;
      }
      if (delivered && this.subscriber.durable) {
        await this.backoff(this.options.durableIntervalMs - (Date.now() - started));
      } else if (!delivered && !this.woken && !this.stopped) await this.idle();
    }
  }

  /** Waits `ms` (nothing when not positive); only stopping ends the wait early. */
  private backoff(ms: number): Promise<void> {
    if (this.stopped || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.endBackoff = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.endBackoff = done;
    });
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollMs);
      timer.unref();
      this.wakeUp = done;
    });
  }

  /** Reads the next whole transactions after the cursor and hands them over; false when none. */
  private async deliverOnce(): Promise<boolean> {
    if (this.subscriber.durable && this.storage.dialect === 'postgres') {
      return this.deliverLeased();
    }
    if (!this.subscriber.durable && this.subscriber.idle?.() === true) {
      const head = await findEventHead(this.storage.db);
      if (head <= this.position) return false;
      this.setPosition(head);
      return true;
    }
    const events = await this.nextEvents(this.storage.db);
    if (events.length === 0) return false;
    await this.subscriber.handle(events);
    const last = (events[events.length - 1] as TDomainEvent).seq;
    if (this.subscriber.durable) {
      await advanceCursor(this.storage.db, this.subscriber.name, last, nowIso());
    }
    this.setPosition(last);
    return true;
  }

  /**
   * On PostgreSQL, where several processes share the outbox: delivers under a lease on the
   * cursor, so one process at a time hands a subscriber its events. The lease holds no
   * connection while the subscriber works (it may need several); it is renewed meanwhile and
   * released with the new position, or without moving it when the delivery failed.
   */
  private async deliverLeased(): Promise<boolean> {
    const db = this.storage.db;
    const name = this.subscriber.name;
    const lease = () => {
      const now = Date.now();
      return leaseCursor(
        db,
        name,
        this.owner,
        new Date(now).toISOString(),
        new Date(now + CURSOR_LEASE_MS).toISOString(),
      );
    };
    const leased = await lease();
    if (leased === null) return false; // another process delivers to it now
    let end: number | null = null;
    const renewal = setInterval(() => {
      lease().catch((error: unknown) =>
        this.options.log?.error({ subscriber: name, err: error }, 'cursor lease renewal failed'),
      );
    }, CURSOR_LEASE_MS / 3);
    renewal.unref();
    try {
      this.setPosition(Math.max(this.position, leased));
      const events = await this.nextEvents(db);
      if (events.length > 0) {
        await this.subscriber.handle(events);
        end = (events[events.length - 1] as TDomainEvent).seq;
      }
    } finally {
      clearInterval(renewal);
      // A failed delivery releases the lease unmoved: the same events are handed again later.
      const released = await releaseCursor(db, name, this.owner, end, nowIso());
      // A lapsed lease taken over by another process: that one delivers these events again.
      if (released && end !== null) this.setPosition(end);
    }
    return end !== null;
  }

  private async nextEvents(db: TDb): Promise<TDomainEvent[]> {
    let limit = this.options.pageSize;
    for (;;) {
      const events = await findEventsAfter(db, this.position, limit);
      // A transaction commits whole, so a short page ends with one; a full page may cut one.
      if (events.length < limit) return events;
      const whole = wholeTransactions(events);
      if (whole.length > 0) return whole;
      limit *= 2;
    }
  }

  private setPosition(position: number): void {
    this.position = position;
    for (const check of [...this.advanced]) check();
  }
}

/**
 * The process's dispatcher. `wake` after a local commit delivers at once; events committed by
 * other processes (several servers on one PostgreSQL, a command-line import) are found by
 * polling.
 */
export class EventDispatcher {
  private readonly loops: SubscriberLoop[];
  private started = false;

  constructor(
    private readonly storage: TStorage,
    subscribers: readonly TEventSubscriber[],
    options: TDispatcherOptions = {},
  ) {
    const names = new Set<string>();
    for (const s of subscribers) {
      if (names.has(s.name)) throw new Error(`two event subscribers are named ${s.name}`);
      names.add(s.name);
    }
    const resolved = {
      pollMs: options.pollMs ?? 500,
      pageSize: options.pageSize ?? 500,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      durableIntervalMs: options.durableIntervalMs ?? 250,
      log: options.log,
    };
    const owner = newId();
    this.loops = subscribers.map((s) => new SubscriberLoop(storage, s, owner, resolved));
  }

  /** Reads the cursors and starts a loop per subscriber. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const head = await findEventHead(this.storage.db);
    for (const loop of this.loops) await loop.start(head);
  }

  /** Looks for new events now (after a commit of this process). */
  wake(): void {
    for (const loop of this.loops) loop.wake();
  }

  /**
   * Resolves once the named subscribers (all when none are named) have handled every event
   * committed before the call, or after `timeoutMs`; true when they did.
   */
  async settle(names?: readonly string[], timeoutMs = 10_000): Promise<boolean> {
    if (!this.started) return true;
    const head = await findEventHead(this.storage.db);
    const loops = this.loops.filter(
      (l) => names === undefined || names.includes(l.subscriber.name),
    );
    const reached = await Promise.all(loops.map((l) => l.reach(head, timeoutMs)));
    return reached.every(Boolean);
  }

  /**
   * `settle` for the writes of this process only: resolves at once, without reading the
   * database, when the named subscribers have seen everything committed since the last wake
   * (events of other processes come by polling; the cube's version check covers those).
   */
  settleLocal(names: readonly string[], timeoutMs: number): Promise<boolean> {
    const behind = this.loops.some((l) => names.includes(l.subscriber.name) && l.behind);
    return behind ? this.settle(names, timeoutMs) : Promise.resolve(true);
  }

  /** Each subscriber's cursor, without reading the database. */
  positions(): { name: string; position: number }[] {
    return this.loops.map((l) => ({ name: l.subscriber.name, position: l.position }));
  }

  /** Each subscriber's cursor and how many events it has yet to handle. */
  async states(): Promise<TSubscriberState[]> {
    const out: TSubscriberState[] = [];
    for (const loop of this.loops) {
      out.push({
        name: loop.subscriber.name,
        durable: loop.subscriber.durable,
        position: loop.position,
        backlog: await countEventsAfter(this.storage.db, loop.position, BACKLOG_COUNT_LIMIT),
      });
    }
    return out;
  }

  /** Stops every loop after its current delivery. */
  async stop(): Promise<void> {
    await Promise.all(this.loops.map((l) => l.stop()));
  }
}
