import {
  DEFAULT_STYLE_GUIDE,
  type TStyleGuide,
  type TSurveyDefinition,
  type TSurvey,
} from '@touchstone/core';
import { listSegmentAttributeKeys } from '../attribute-keys/attribute-keys.repository.js';
import {
  findBrandStyleGuideJson,
  findSoleBrandStyleGuideJson,
} from '../brands/brands.repository.js';
import type { TStorage } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TSurveysTable } from '../storage/schema.js';
import {
  findSurveyRow,
  findSurveyRowBySlug,
  findSurveyVersionRow,
  surveyTouchpointIds,
} from './surveys.repository.js';
import { listTouchpointKeys } from '../touchpoints/touchpoints.repository.js';

/** What the submission path needs of a survey, without touching the database. */
export interface TSurveyRuntime {
  id: string;
  organizationId: string;
  slug: string;
  status: TSurvey['status'];
  version: number;
  definition: TSurveyDefinition;
  /** Empty: any touchpoint of the organization may be named. */
  touchpointIds: ReadonlySet<string>;
  /** The brand's style guide (the default one without a brand), for respondent pages. */
  styleGuide: TStyleGuide;
  /** The brand's name, shown to respondents; null without a brand. */
  brandName: string | null;
}

/** What the submission path needs of an organization. */
export interface TOrgRuntime {
  touchpointIdByKey: ReadonlyMap<string, string>;
  touchpointKeyById: ReadonlyMap<string, string>;
  /** Customer attributes analyses group by: the declared enum and boolean keys, sorted. */
  segmentKeys: readonly string[];
}

/**
 * Entries live this long. Changes made through this process invalidate at once; the lifetime
 * bounds how long another process (several servers on one PostgreSQL) may act on an old state.
 */
const TTL_MS = 5_000;
/** Bounds memory on installations with very many surveys. */
const MAX_ENTRIES = 10_000;

interface TEntry<T> {
  value: Promise<T>;
  expires: number;
}

/** A small map of promises: concurrent misses share one load, failures are not kept. */
class ExpiringMap<T> {
  private readonly entries = new Map<string, TEntry<T>>();

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const value = load();
    this.entries.set(key, { value, expires: now + TTL_MS });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  deleteWhere(test: (key: string) => boolean): void {
    for (const key of this.entries.keys()) if (test(key)) this.entries.delete(key);
  }
}

/**
 * Surveys (by id and by slug), their versions and each organization's touchpoints and segment
 * keys, so that a submission costs no query beyond the write (and a customer lookup when named).
 */
export class SurveyCache {
  private readonly surveys = new ExpiringMap<TSurveyRuntime | undefined>();
  private readonly slugs = new ExpiringMap<string | undefined>();
  private readonly versions = new ExpiringMap<TSurveyDefinition | undefined>();
  private readonly orgs = new ExpiringMap<TOrgRuntime>();

  constructor(private readonly storage: TStorage) {}

  /** The survey of the organization, or undefined. */
  surveyById(orgId: string, id: string): Promise<TSurveyRuntime | undefined> {
    return this.surveys
      .get(`${orgId}:${id}`, async () => {
        const row = await findSurveyRow(this.storage.db, orgId, id);
        return row && this.loadRuntime(row);
      })
      .then((s) => (s?.organizationId === orgId ? s : undefined));
  }

  /** The survey behind a public slug, in whichever organization owns it. */
  async surveyBySlug(slug: string): Promise<TSurveyRuntime | undefined> {
    const key = await this.slugs.get(slug, async () => {
      const row = await findSurveyRowBySlug(this.storage.db, slug);
      return row && `${row.organization_id}:${row.id}`;
    });
    if (key === undefined) return undefined;
    const [orgId = '', id = ''] = key.split(':');
    const survey = await this.surveyById(orgId, id);
    return survey?.slug === slug ? survey : undefined;
  }

  /** A version's definition (the current one from the survey entry). */
  async definition(
    survey: TSurveyRuntime,
    version: number,
  ): Promise<TSurveyDefinition | undefined> {
    if (version === survey.version) return survey.definition;
    return this.versions.get(`${survey.id}:${version}`, async () => {
      const row = await findSurveyVersionRow(this.storage.db, survey.id, version);
      return row && parseJsonColumn<TSurveyDefinition>(row.definition_json);
    });
  }

  org(orgId: string): Promise<TOrgRuntime> {
    return this.orgs.get(orgId, () => this.loadOrg(orgId));
  }

  /** Forgets a survey after a change (status, definition, slug, touchpoints, deletion). */
  invalidateSurvey(orgId: string, id: string): void {
    this.surveys.delete(`${orgId}:${id}`);
    this.versions.deleteWhere((key) => key.startsWith(`${id}:`));
    this.slugs.deleteWhere(() => true);
  }

  /** Forgets everything of an organization (its touchpoints, attribute keys or brands changed). */
  invalidateOrg(orgId: string): void {
    this.orgs.delete(orgId);
    this.surveys.deleteWhere((key) => key.startsWith(`${orgId}:`));
  }

  private async loadRuntime(row: TSurveysTable): Promise<TSurveyRuntime> {
    const db = this.storage.db;
    const [version, touchpointIds, brand] = await Promise.all([
      findSurveyVersionRow(db, row.id, row.current_version),
      surveyTouchpointIds(db, row.id),
      // A survey without a brand of its own is seen under the organization's only brand.
      row.brand_id === null
        ? findSoleBrandStyleGuideJson(db, row.organization_id)
        : findBrandStyleGuideJson(db, row.organization_id, row.brand_id),
    ]);
    if (!version) throw new Error(`survey ${row.id} has no version ${row.current_version}`);
    return {
      id: row.id,
      organizationId: row.organization_id,
      slug: row.slug,
      status: row.status as TSurvey['status'],
      version: row.current_version,
      definition: parseJsonColumn<TSurveyDefinition>(version.definition_json),
      touchpointIds: new Set(touchpointIds),
      styleGuide: brand
        ? parseJsonColumn<TStyleGuide>(brand.style_guide_json)
        : DEFAULT_STYLE_GUIDE,
      brandName: brand?.name ?? null,
    };
  }

  private async loadOrg(orgId: string): Promise<TOrgRuntime> {
    const db = this.storage.db;
    const [touchpoints, keys] = await Promise.all([
      listTouchpointKeys(db, orgId),
      listSegmentAttributeKeys(db, orgId),
    ]);
    return {
      touchpointIdByKey: new Map(touchpoints.map((t) => [t.key, t.id])),
      touchpointKeyById: new Map(touchpoints.map((t) => [t.id, t.key])),
      segmentKeys: keys.map((k) => k.key),
    };
  }
}
