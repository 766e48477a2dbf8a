/**
 * The composition root: builds the services of a process (storage, caches, cubes, the response
 * writer, the event dispatcher and its subscribers, the job worker) from the config. The server,
 * the CLI, the bench and the tests all start here; nothing else keeps process-wide state.
 */
import { alertSchedulerSubscriber } from '../alerts/alert-events.js';
import { CUBE_SUBSCRIBER, cubeEventSubscriber } from '../analytics/cube-events.js';
import { CubeStore } from '../analytics/cube-store.js';
import { commentEventSubscriber } from '../comments/comment-events.js';
import { followUpEventSubscriber } from '../closed-loop/follow-up-events.js';
import { QuestionCatalogs } from '../analytics/question-catalog.js';
import { EquityCache } from '../equity/equity-cache.js';
import type { TConfig } from '../config.js';
import {
  EventDispatcher,
  type TDispatcherLog,
  type TEventSubscriber,
} from '../events/event-dispatcher.js';
import type { TJobLog } from '../jobs/job-worker.js';
import { startJobWorker } from '../jobs/server-worker.js';
import { createResponseWriter } from '../ingest/create-response-writer.js';
import { openStorage, type TStorage } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';
import { SurveyCache } from '../surveys/survey-cache.js';
import { ensureRetentionSweep } from '../retention/retention-jobs.js';
import { markAbandonedImports } from '../imports/import-resources.service.js';
import { ensureDigestSchedules } from '../notifications/notification-digest.js';
import { ensureWeeklyDigestRun } from '../digests/digest-jobs.js';
import { ruleEventSubscriber } from '../rules/rule-events.js';
import { webhookEventSubscriber } from '../webhooks/webhook-events.js';
import type { TServices } from './services.js';

/**
 * How long the first waiting submission waits for others to share its commit. Under many
 * concurrent connections, a window of 1-2 ms let more submissions share each commit than the next
 * turn of the event loop, so more went through with a lower p99; a lone respondent waits 2 ms more.
 */
const SUBMISSION_WINDOW_MS = 2;

export interface TServiceOptions {
  /** An open database; absent, the config's is opened (and migrated) and closed with the rest. */
  storage?: TStorage;
  /** Subscribers beyond the built-in ones (the cube), registered at start. */
  subscribers?: readonly TEventSubscriber[];
  /** How often idle subscribers look for events of other processes. */
  eventPollMs?: number;
}

export interface TStartOptions {
  log: TDispatcherLog & TJobLog;
  /** Runs the durable jobs (e-mail) in this process: the server does, commands do not. */
  jobs?: boolean;
}

/** A process's services with their lifecycle. */
export interface TProcessServices extends TServices {
  /** Starts delivering events (and running jobs when asked). */
  start(options: TStartOptions): Promise<void>;
  /** Writes what is queued, stops the dispatcher and jobs, closes the database if it opened it. */
  close(): Promise<void>;
}

/** Builds a process's services; nothing runs until `start`. */
export async function createServices(
  config: TConfig,
  options: TServiceOptions = {},
): Promise<TProcessServices> {
  const ownsStorage = options.storage === undefined;
  const storage = options.storage ?? (await openStorage(config.databaseUrl));
  if (ownsStorage) await migrateToLatest(storage.db);

  const cubes = new CubeStore(storage);
  const subscribers = [
    cubeEventSubscriber(cubes),
    commentEventSubscriber(storage),
    alertSchedulerSubscriber(storage),
    // A delivery's first attempt is sent at once, not at the job worker's next poll.
    webhookEventSubscriber(storage, () => jobs?.worker.wake()),
    ruleEventSubscriber(storage),
    followUpEventSubscriber(storage),
    ...(options.subscribers ?? []),
  ];
  let log: TDispatcherLog | undefined;
  const events = new EventDispatcher(storage, subscribers, {
    ...(options.eventPollMs !== undefined && { pollMs: options.eventPollMs }),
    log: { error: (details, message) => log?.error(details, message) },
  });
  cubes.catchUp = () => events.settleLocal([CUBE_SUBSCRIBER], 250).then(() => undefined);
  cubes.catchUpAll = () => events.settle([CUBE_SUBSCRIBER], 250).then(() => undefined);
  const responses = createResponseWriter(storage, {
    windowMs: SUBMISSION_WINDOW_MS,
    onCommitted: () => events.wake(),
  });
  let jobs: ReturnType<typeof startJobWorker> | null = null;

  return {
    config,
    storage,
    surveys: new SurveyCache(storage),
    cubes,
    catalogs: new QuestionCatalogs(),
    equity: new EquityCache(),
    responses,
    events,
    async start(start) {
      log = start.log;
      await events.start();
      if (start.jobs === true && jobs === null) {
        // Imports a killed process left running are interrupted; their clients may resume them.
        await markAbandonedImports(storage);
        // The daily jobs (retention, digests) queue their next run themselves; these queue the first.
        await ensureRetentionSweep(storage, new Date());
        await ensureDigestSchedules(storage, new Date());
        await ensureWeeklyDigestRun(storage.db, new Date());
        jobs = startJobWorker(storage, config, start.log);
      }
    },
    async close() {
      await responses.close();
      await jobs?.stop();
      await events.stop();
      if (ownsStorage) await storage.close();
    },
  };
}
