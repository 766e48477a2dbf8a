/**
 * The demo's surveys: the library's relationship NPS, and three touchpoint surveys (CSAT or CES
 * for the touchpoint, brand experience items for Schmitt's five modules, two SERVQUAL items that
 * fit the kind of service, NPS and a comment), attached to the touchpoints they are asked at.
 */
import {
  relationshipNpsSurvey,
  transactionalQuestions,
  type TQuestion,
  type TScale,
  type TSurveyDefinition,
} from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { createSurvey, updateSurvey } from '../surveys/surveys.service.js';
import type { TAuroraTouchpointKey } from './aurora-touchpoints.js';

/** The touchpoint surveys of the demo, by key. */
export type TTransactionalKey = 'airport' | 'onboard' | 'service';

/** A demo touchpoint survey: its outcome metric, SERVQUAL dimensions and touchpoints. */
export interface TTransactionalSpec {
  name: string;
  slug: string;
  metric: 'csat' | 'ces';
  servqual: readonly [string, string];
  touchpoints: readonly TAuroraTouchpointKey[];
}

export const TRANSACTIONAL_SURVEYS: Record<TTransactionalKey, TTransactionalSpec> = {
  airport: {
    name: 'Airport and lounge visit',
    slug: 'aurora-airport',
    metric: 'csat',
    servqual: ['tangibles', 'empathy'],
    touchpoints: [
      'check-in-desk',
      'airport-wayfinding',
      'bag-drop',
      'security-fast-track',
      'boarding-gate',
      'lounge-space',
      'lounge-bar',
      'lounge-food',
      'baggage-claim',
    ],
  },
  onboard: {
    name: 'Your flight',
    slug: 'aurora-flight',
    metric: 'csat',
    servqual: ['assurance', 'empathy'],
    touchpoints: ['cabin-crew', 'inflight-meals', 'inflight-wifi', 'inflight-entertainment'],
  },
  service: {
    name: 'Booking and service',
    slug: 'aurora-service',
    metric: 'ces',
    servqual: ['reliability', 'responsiveness'],
    touchpoints: [
      'web-booking',
      'mobile-app',
      'call-centre',
      'check-in-kiosk',
      'complaints-desk',
      'customer-care-chat',
    ],
  },
};

/** The touchpoint survey asked at each touchpoint (the member e-mail has none). */
export const SURVEY_OF_TOUCHPOINT = new Map<TAuroraTouchpointKey, TTransactionalKey>(
  (Object.keys(TRANSACTIONAL_SURVEYS) as TTransactionalKey[]).flatMap((key) =>
    TRANSACTIONAL_SURVEYS[key].touchpoints.map((tp) => [tp, key] as const),
  ),
);

/** Matrix items of the experience question: one per strategic experiential module. */
export const EXPERIENCE_ITEMS = ['sense', 'feel', 'think', 'act', 'relate'] as const;
export type TExperienceItem = (typeof EXPERIENCE_ITEMS)[number];

const EXPERIENCE_TEXTS: Record<TExperienceItem, string> = {
  sense: 'It appealed to my senses.',
  feel: 'It put me in a good mood.',
  think: 'It made me think about Aurora in a new way.',
  act: 'It made things easy for me to do.',
  relate: 'It made me feel like a valued Aurora traveller.',
};

const SERVQUAL_TEXTS: Record<string, string> = {
  tangibles: 'The facilities and equipment looked modern and clean.',
  empathy: 'The staff gave me personal attention.',
  assurance: 'I felt safe and in good hands.',
  reliability: 'Aurora did what it promised, when it promised.',
  responsiveness: 'I got prompt help when I needed it.',
};

function agreement7(): TScale {
  return {
    min: 1,
    max: 7,
    minLabel: { en: 'Strongly disagree' },
    maxLabel: { en: 'Strongly agree' },
  };
}

/** The definition of a demo touchpoint survey (English). */
export function transactionalDefinition(spec: TTransactionalSpec): TSurveyDefinition {
  const [metric, nps, comment] = transactionalQuestions({ metric: spec.metric, includeNps: true });
  if (!metric || !nps || !comment) throw new Error('unexpected transactional instrument');
  const experience: TQuestion = {
    id: 'experience',
    type: 'matrix',
    required: true,
    text: { en: 'How far do you agree with each statement about {{touchpoint.name}}?' },
    scale: agreement7(),
    items: EXPERIENCE_ITEMS.map((item) => ({
      id: item,
      text: { en: EXPERIENCE_TEXTS[item] },
      dimension: `sem:${item}`,
      reverse: false,
    })),
  };
  const service: TQuestion = {
    id: 'service',
    type: 'matrix',
    required: false,
    text: { en: 'And about the service?' },
    scale: agreement7(),
    items: spec.servqual.map((dimension) => ({
      id: dimension,
      text: { en: SERVQUAL_TEXTS[dimension] ?? dimension },
      dimension: `servqual:${dimension}`,
      reverse: false,
    })),
  };
  return {
    defaultLanguage: 'en',
    languages: ['en'],
    title: { en: spec.name },
    thankYou: { en: 'Thank you for your feedback.' },
    questions: [metric, experience, service, nps, comment],
    hiddenFields: [],
    showProgress: true,
  };
}

/** A survey as the response loader needs it. */
export interface TDemoSurvey {
  id: string;
  version: number;
  definition: TSurveyDefinition;
}

/** The stored demo surveys. */
export interface TDemoSurveys {
  relationship: TDemoSurvey;
  transactional: Record<TTransactionalKey, TDemoSurvey>;
}

async function storeLive(
  ctx: TServiceContext,
  input: { name: string; slug: string; kind: 'relationship' | 'transactional' },
  definition: TSurveyDefinition,
  touchpointIds: string[],
): Promise<TDemoSurvey> {
  const created = await createSurvey(ctx, { ...input, touchpointIds, brandId: null, definition });
  await updateSurvey(ctx, created.id, { status: 'live' });
  return { id: created.id, version: created.version, definition };
}

/** Stores the demo surveys, live; `touchpointIds` maps touchpoint keys to stored ids. */
export async function createDemoSurveys(
  ctx: TServiceContext,
  touchpointIds: ReadonlyMap<string, string>,
): Promise<TDemoSurveys> {
  const relationship = await storeLive(
    ctx,
    { name: 'Aurora relationship NPS', slug: 'aurora-nps', kind: 'relationship' },
    relationshipNpsSurvey(),
    [],
  );
  const transactional = {} as Record<TTransactionalKey, TDemoSurvey>;
  for (const key of Object.keys(TRANSACTIONAL_SURVEYS) as TTransactionalKey[]) {
    const spec = TRANSACTIONAL_SURVEYS[key];
    const ids = spec.touchpoints.map((tp) => {
      const id = touchpointIds.get(tp);
      if (id === undefined) throw new Error(`the demo has no touchpoint ${tp}`);
      return id;
    });
    transactional[key] = await storeLive(
      ctx,
      { name: spec.name, slug: spec.slug, kind: 'transactional' },
      transactionalDefinition(spec),
      ids,
    );
  }
  return { relationship, transactional };
}
