/**
 * Analyses comments and stores them: for the responses a write names (the event subscriber),
 * and over an organization's whole history (the backfill job, the demo loader). Writing is
 * idempotent: a response whose comments analyse to what is stored is not written again.
 */
import { newId, type TSurveyDefinition } from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import type { TStorage } from '../storage/database.js';
import { nowIso, parseJsonColumn } from '../storage/rows.js';
import type { TCommentAnalysesTable, TCommentThemesTable } from '../storage/schema.js';
import { BUILT_IN_THEMES, createCommentAnalyzer, maskPersonalData } from '../text/index.js';
import {
  commentContentKey,
  commentQuestionsOf,
  commentRowsOf,
  type TCommentQuestions,
  type TCommentRowContext,
} from './comment-rows.js';
import {
  findCommentSettings,
  startAnalysisRun,
  updateAnalysisRun,
  upsertCommentSettings,
} from './comment-settings.repository.js';
import {
  countCompleteResponses,
  findCommentSourcePage,
  findCommentSources,
  findSurveyDefinitions,
  type TCommentSource,
} from './comment-sources.repository.js';
import {
  findCommentsOfResponses,
  optimizeCommentSearch,
  lockCommentWrites,
  replaceCommentsOfResponses,
} from './comment-store.repository.js';
import { insertThemeRowsIfNew, listThemeRows } from './themes.repository.js';

/** Responses read and written per transaction when the stored history is analysed again. */
const BATCH = 1000;

/**
 * Responses analysed and written per transaction as they arrive, the event loop let run between
 * slices: an import's batch analysed in one go would hold every request of the server until done.
 */
const LIVE_SLICE = 200;

/** Copies the built-in themes into the organization's themes, once. */
export async function ensureBuiltInThemes(storage: TStorage, organizationId: string) {
  const settings = await findCommentSettings(storage.db, organizationId);
  if (settings?.built_in_themes_added === 1) return;
  await storage.db.transaction().execute(async (trx) => {
    const now = nowIso();
    await insertThemeRowsIfNew(
      trx,
      BUILT_IN_THEMES.map((t) => ({
        id: newId(),
        organization_id: organizationId,
        name: t.name,
        keywords_json: JSON.stringify(t.keywords),
        source: 'built-in',
        created_at: now,
        updated_at: now,
      })),
    );
    await upsertCommentSettings(trx, organizationId, { built_in_themes_added: 1 }, now);
  });
}

/** The analyser of an organization's comments: its themes and its masking setting. */
export class OrganizationCommentAnalysis {
  private readonly questions = new Map<string, TCommentQuestions>();

  private constructor(
    private readonly storage: TStorage,
    readonly organizationId: string,
    private readonly context: TCommentRowContext,
  ) {}

  static async load(storage: TStorage, organizationId: string) {
    await ensureBuiltInThemes(storage, organizationId);
    const themes = await listThemeRows(storage.db, organizationId);
    const settings = await findCommentSettings(storage.db, organizationId);
    const analyzer = createCommentAnalyzer(
      themes.map((t) => ({
        id: t.id,
        name: t.name,
        keywords: parseJsonColumn<string[]>(t.keywords_json),
      })),
    );
    return new OrganizationCommentAnalysis(storage, organizationId, {
      analyze: (text) => analyzer.analyze(text),
      mask: settings?.mask_personal_data === 1 ? maskPersonalData : null,
      now: nowIso(),
    });
  }

  /** Analyses and stores the comments of these responses; returns how many responses changed. */
  async store(sources: readonly TCommentSource[]): Promise<number> {
    if (sources.length === 0) return 0;
    await this.loadQuestions(sources);
    const existing = new Map<string, TCommentAnalysesTable[]>();
    const ids = sources.map((s) => s.id);
    for (const row of await findCommentsOfResponses(this.storage.db, ids)) {
      const list = existing.get(row.response_id) ?? [];
      list.push(row);
      existing.set(row.response_id, list);
    }
    const changed: string[] = [];
    const comments: TCommentAnalysesTable[] = [];
    const themes: TCommentThemesTable[] = [];
    for (const source of sources) {
      const questions = this.questions.get(`${source.survey_id}:${source.survey_version}`);
      if (questions === undefined) continue;
      const rows = commentRowsOf(source, questions, this.context);
      const before = existing.get(source.id) ?? [];
      if (commentContentKey(before) === commentContentKey(rows.comments)) continue;
      changed.push(source.id);
      comments.push(...rows.comments);
      themes.push(...rows.themes);
    }
    if (changed.length === 0) return 0;
    await this.storage.db.transaction().execute(async (trx) => {
      await lockCommentWrites(trx, this.storage.dialect, this.organizationId);
      await replaceCommentsOfResponses(trx, changed, comments, themes);
    });
    return changed.length;
  }

  private async loadQuestions(sources: readonly TCommentSource[]) {
    const missing = sources
      .map((s) => ({ surveyId: s.survey_id, version: s.survey_version }))
      .filter((v) => !this.questions.has(`${v.surveyId}:${v.version}`));
    if (missing.length === 0) return;
    const definitions = await findSurveyDefinitions(this.storage.db, missing);
    for (const [key, json] of definitions) {
      if (!this.questions.has(key)) {
        this.questions.set(key, commentQuestionsOf(parseJsonColumn<TSurveyDefinition>(json)));
      }
    }
  }
}

/** Analyses the comments of the named responses of one organization (complete ones only). */
export async function analyseResponses(
  storage: TStorage,
  organizationId: string,
  responseIds: readonly string[],
): Promise<number> {
  if (responseIds.length === 0) return 0;
  const analysis = await OrganizationCommentAnalysis.load(storage, organizationId);
  let changed = 0;
  for (let i = 0; i < responseIds.length; i += LIVE_SLICE) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    const ids = responseIds.slice(i, i + LIVE_SLICE);
    changed += await analysis.store(await findCommentSources(storage.db, organizationId, ids));
  }
  return changed;
}

export interface TAnalysisProgress {
  analysed: number;
  total: number;
}

/**
 * Analyses every complete response of an organization again (history stored before the
 * analysis existed, or after its themes or masking changed), recording progress as it goes.
 */
export async function analyseStoredComments(
  storage: TStorage,
  organizationId: string,
  onProgress?: (progress: TAnalysisProgress) => void,
): Promise<TAnalysisProgress> {
  const total = await countCompleteResponses(storage.db, organizationId);
  await startAnalysisRun(storage.db, organizationId, total, nowIso());
  const progress = { analysed: 0, total };
  try {
    const analysis = await OrganizationCommentAnalysis.load(storage, organizationId);
    let after: string | null = null;
    for (;;) {
      const page = await findCommentSourcePage(storage.db, organizationId, after, BATCH);
      if (page.length === 0) break;
      await analysis.store(page);
      after = (page[page.length - 1] as TCommentSource).id;
      progress.analysed += page.length;
      // Responses stored during the run are counted too, so the total never falls behind.
      progress.total = Math.max(progress.total, progress.analysed);
      await updateAnalysisRun(storage.db, organizationId, { ...progress });
      onProgress?.({ ...progress });
    }
    await optimizeCommentSearch(storage.db, storage.dialect);
    await updateAnalysisRun(storage.db, organizationId, {
      ...progress,
      running: 0,
      finished_at: nowIso(),
    });
    return progress;
  } catch (error) {
    await updateAnalysisRun(storage.db, organizationId, {
      running: 0,
      finished_at: nowIso(),
      error: error instanceof Error ? error.message.slice(0, 500) : 'analysis failed',
    });
    throw error;
  }
}

/** The demo loader's hook: analyses every stored comment of the actor's organization. */
export function analyseAllComments(
  ctx: Pick<TServiceContext, 'storage' | 'actor'>,
  onProgress?: (progress: TAnalysisProgress) => void,
): Promise<TAnalysisProgress> {
  return analyseStoredComments(ctx.storage, ctx.actor.organizationId, onProgress);
}
