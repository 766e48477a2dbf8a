/**
 * The services of one process, built once by `createServices` (the composition root) and passed
 * to routes, the CLI and service functions. Types only: any module may name it without pulling
 * the whole graph in.
 */
import type { CubeStore } from '../analytics/cube-store.js';
import type { QuestionCatalogs } from '../analytics/question-catalog.js';
import type { TConfig } from '../config.js';
import type { EquityCache } from '../equity/equity-cache.js';
import type { EventDispatcher } from '../events/event-dispatcher.js';
import type { ResponseWriter } from '../ingest/response-writer.js';
import type { TStorage } from '../storage/database.js';
import type { SurveyCache } from '../surveys/survey-cache.js';

export interface TServices {
  readonly config: TConfig;
  readonly storage: TStorage;
  /** Surveys and organization settings the submission path reads without a query. */
  readonly surveys: SurveyCache;
  /** The in-memory cubes of rollup cells that dashboard queries read. */
  readonly cubes: CubeStore;
  /** Each organization's numeric questions, rebuilt when its surveys change. */
  readonly catalogs: QuestionCatalogs;
  /** Each organization's fitted customer-equity models, refitted when its revenue data change. */
  readonly equity: EquityCache;
  /** The group-commit writer every single submission goes through. */
  readonly responses: ResponseWriter;
  /** Hands the outbox's domain events to the subscribers registered at start. */
  readonly events: EventDispatcher;
}
