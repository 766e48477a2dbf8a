/**
 * The real server on a loopback port for the respondent and widget browser tests: a fresh SQLite
 * database with one organization, a brand, a touchpoint and a live survey that has every
 * question type, created through the services.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ZBrandCreate,
  ZJourneyCreate,
  ZSurveyCreate,
  ZTouchpointCreate,
  type TSurveyDefinitionInput,
} from '@touchstone/core';
import type { FastifyInstance } from 'fastify';
import { systemActor, type TServiceContext } from '../../src/auth/actor.js';
import { createBrand } from '../../src/brands/brands.service.js';
import type { TConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { createJourney } from '../../src/journeys/journeys.service.js';
import { openStorage, type TStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { createSurvey, updateSurvey } from '../../src/surveys/surveys.service.js';
import { createTouchpoint } from '../../src/touchpoints/touchpoints.service.js';
import { seedOrganization, testConfig, testServices, type TTestOrg } from '../harness.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const WIDGET_DIST = path.join(REPO_ROOT, 'packages/widget/dist');

/** Builds the respondent and widget scripts when the build is missing or stale. */
export function ensureWidgetBuild(): void {
  execFileSync('node', ['scripts/build-web-if-stale.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (!fs.existsSync(path.join(WIDGET_DIST, 'widget.js'))) throw new Error('widget build missing');
}

/** A survey with every question type, a logic branch, piping and hidden fields. */
export const EVERY_TYPE: TSurveyDefinitionInput = {
  defaultLanguage: 'en',
  languages: ['en', 'de'],
  title: { en: 'Your visit to our lounge', de: 'Ihr Besuch in unserer Lounge' },
  intro: { en: 'A few short questions, about two minutes.', de: 'Ein paar kurze Fragen.' },
  thankYou: { en: 'Thank you! Your answers help us improve.', de: 'Vielen Dank!' },
  hiddenFields: [{ key: 'touchpoint' }, { key: 'booking' }],
  questions: [
    {
      id: 'recommend',
      type: 'nps',
      required: true,
      text: {
        en: 'How likely are you to recommend the {{touchpoint.name}} to a friend?',
        de: 'Wie wahrscheinlich empfehlen Sie die {{touchpoint.name}}?',
      },
    },
    {
      id: 'went_wrong',
      type: 'text',
      required: true,
      text: { en: 'What went wrong?', de: 'Was lief schief?' },
      displayIf: { ref: 'recommend', op: 'lte', value: 6 },
    },
    {
      id: 'satisfaction',
      type: 'csat',
      required: true,
      text: { en: 'How satisfied were you overall?' },
    },
    { id: 'effort', type: 'ces', text: { en: 'Finding a seat was easy.' } },
    {
      id: 'cleanliness',
      type: 'rating',
      dimension: 'servqual:tangibles',
      scale: { min: 1, max: 5, minLabel: { en: 'Poor' }, maxLabel: { en: 'Excellent' } },
      text: { en: 'How clean was the lounge?' },
      help: { en: 'Think of tables, seats and washrooms.' },
    },
    {
      id: 'calm',
      type: 'likert',
      dimension: 'sem:feel',
      scale: {
        min: 1,
        max: 5,
        pointLabels: [
          { en: 'Strongly disagree' },
          { en: 'Disagree' },
          { en: 'Neither' },
          { en: 'Agree' },
          { en: 'Strongly agree' },
        ],
      },
      text: { en: 'The lounge felt calm.' },
    },
    {
      id: 'service',
      type: 'matrix',
      required: true,
      scale: { min: 1, max: 5, minLabel: { en: 'Very poor' }, maxLabel: { en: 'Very good' } },
      items: [
        {
          id: 'reliability',
          text: { en: 'Staff did what they promised' },
          dimension: 'servqual:reliability',
        },
        {
          id: 'responsiveness',
          text: { en: 'Staff helped promptly' },
          dimension: 'servqual:responsiveness',
        },
      ],
      text: { en: 'How was the service?' },
    },
    {
      id: 'purpose',
      type: 'single_choice',
      required: true,
      allowOther: true,
      options: [
        { id: 'business', label: { en: 'Business' } },
        { id: 'leisure', label: { en: 'Leisure' } },
      ],
      text: { en: 'Why are you travelling?' },
    },
    {
      id: 'used',
      type: 'multiple_choice',
      allowOther: true,
      maxSelected: 3,
      options: [
        { id: 'bar', label: { en: 'Bar' } },
        { id: 'buffet', label: { en: 'Buffet' } },
        { id: 'showers', label: { en: 'Showers' } },
      ],
      text: { en: 'What did you use?' },
    },
    {
      id: 'visits',
      type: 'number',
      integer: true,
      min: 0,
      max: 365,
      text: { en: 'How many times have you visited this year?' },
    },
    {
      id: 'comment',
      type: 'text',
      multiline: true,
      text: { en: 'Anything else about your visit (booking {{hidden.booking}})?' },
    },
    {
      id: 'contact_ok',
      type: 'consent',
      required: true,
      text: { en: 'You may contact me about my answers.' },
    },
  ],
};

export interface TRespondentServer {
  url: string;
  app: FastifyInstance;
  config: TConfig;
  storage: TStorage;
  org: TTestOrg;
  surveyId: string;
  slug: string;
  touchpointId: string;
  /** Sends an API request with the owner's key. */
  api<T>(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object): Promise<T>;
  close(): Promise<void>;
}

/** Opens a fresh SQLite database, seeds it through the services, and listens on loopback. */
export async function startRespondentServer(
  overrides: Partial<TConfig> = {},
): Promise<TRespondentServer> {
  ensureWidgetBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-respondent-'));
  const dbPath = path.join(dir, 'e2e.db');
  const storage = await openStorage(dbPath);
  try {
    await migrateToLatest(storage.db);
    const org = await seedOrganization(storage, 'aurora-respondent');
    const config = testConfig(dbPath, overrides);
    const services = await testServices(storage, { config: overrides });
    const ctx: TServiceContext = { storage, actor: systemActor(org.id, 'seed'), services };
    const brand = await createBrand(
      ctx,
      ZBrandCreate.parse({
        name: 'Aurora Airways',
        promise: { sense: 70, feel: 85, think: 40, act: 55, relate: 60 },
        styleGuide: {
          // Text and background fail WCAG AA (about 1.9:1): the page must fall back to a safe pair.
          colors: {
            primary: '#0b5e55',
            secondary: '#2e75b6',
            accent: '#f4b183',
            background: '#ffffff',
            text: '#aaaaaa',
          },
          logoUrl: null,
          fonts: { heading: 'Georgia, serif', body: 'system-ui, sans-serif' },
          toneWords: ['calm'],
        },
      }),
    );
    const journey = await createJourney(
      ctx,
      ZJourneyCreate.parse({
        name: 'Trip',
        brandId: brand.id,
        stages: [{ name: 'Airport', phase: 'sales' }],
      }),
    );
    const stageId = journey.stages[0]?.id ?? '';
    const touchpoint = await createTouchpoint(
      ctx,
      ZTouchpointCreate.parse({
        key: 'lounge-bar',
        name: 'Lounge bar',
        stageId,
        channel: 'on-site',
        providerType: 'spatial-environment',
      }),
    );
    const survey = await createSurvey(
      ctx,
      ZSurveyCreate.parse({
        name: 'Lounge visit',
        slug: 'lounge-visit',
        kind: 'transactional',
        brandId: brand.id,
        touchpointIds: [touchpoint.id],
        definition: EVERY_TYPE,
      }),
    );
    await updateSurvey(ctx, survey.id, { status: 'live' });
    const app = await buildApp({ services, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    const url = `http://127.0.0.1:${address.port}`;
    return {
      url,
      app,
      config,
      storage,
      org,
      surveyId: survey.id,
      slug: survey.slug,
      touchpointId: touchpoint.id,
      async api<T>(method: 'GET' | 'POST' | 'PATCH', path: string, payload?: object) {
        const res = await app.inject({
          method,
          url: path,
          headers: { authorization: `Bearer ${org.keys.owner}` },
          ...(payload ? { payload } : {}),
        });
        if (res.statusCode >= 300)
          throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`);
        return res.json<T>();
      },
      close: async () => {
        await app.close();
        await services.close();
        await storage.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
