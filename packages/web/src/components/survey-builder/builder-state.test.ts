import { findInstrument, type TQuestion, type TSurvey } from '@touchstone/core';
import { describe, expect, it } from 'vitest';
import {
  appendQuestions,
  draftOfSurvey,
  moveQuestion,
  newDraft,
  replaceQuestion,
  updateBody,
} from './builder-state.js';
import {
  defaultLeaf,
  describeCondition,
  fromSimple,
  refChoices,
  simpleForm,
} from './condition-model.js';
import { definitionIssues, missingTranslations, removeLanguage } from './definition-texts.js';
import { newQuestion } from './question-factory.js';

const nps = (id: string): TQuestion => ({
  id,
  type: 'nps',
  text: { en: 'Recommend us?' },
  required: true,
});
const comment = (id: string, displayIf?: TQuestion['displayIf']): TQuestion => ({
  id,
  type: 'text',
  text: { en: 'Why?' },
  required: false,
  multiline: true,
  maxLength: 5000,
  ...(displayIf ? { displayIf } : {}),
});
const matrix: TQuestion = {
  id: 'service',
  type: 'matrix',
  text: { en: 'The service' },
  required: false,
  scale: { min: 1, max: 5 },
  items: [
    { id: 'speed', text: { en: 'Speed' }, reverse: false },
    { id: 'care', text: { en: 'Care' }, reverse: false },
  ],
};

function surveyWith(questions: TQuestion[]): TSurvey {
  return {
    id: '0190a000-0000-7000-8000-000000000001',
    name: 'Lounge',
    slug: 'lounge',
    kind: 'custom',
    status: 'live',
    touchpointIds: ['0190a000-0000-7000-8000-00000000000a', '0190a000-0000-7000-8000-00000000000b'],
    brandId: null,
    version: 1,
    definition: {
      defaultLanguage: 'en',
      languages: ['en'],
      title: { en: 'Your visit' },
      thankYou: { en: 'Thanks' },
      questions,
      hiddenFields: [{ key: 'booking', required: false }],
      showProgress: true,
    },
    responseCount: 3,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('builder state', () => {
  it('inserts an instrument after existing questions, renaming taken ids and their logic', () => {
    const draft = draftOfSurvey(surveyWith([nps('nps')]));
    const instrument = findInstrument('relationship-nps');
    if (!instrument) throw new Error('no relationship-nps instrument');
    const next = appendQuestions(draft, instrument.questions());
    expect(next.definition.questions.map((q) => q.id)).toEqual([
      'nps',
      'nps_2',
      'nps_reason',
      'nps_went_wrong',
      'nps_liked_most',
    ]);
    expect(next.definition.questions.map((q) => q.displayIf)).toEqual([
      undefined,
      undefined,
      undefined,
      { ref: 'nps_2', op: 'lte', value: 6 },
      { ref: 'nps_2', op: 'gte', value: 9 },
    ]);
    expect(new Set(next.keys).size).toBe(5);
    expect(definitionIssues(next.definition)).toEqual({});
  });

  it('follows a renamed question in later conditions, matrix items included', () => {
    const draft = draftOfSurvey(
      surveyWith([
        matrix,
        comment('why', {
          any: [
            { ref: 'service.speed', op: 'lt', value: 3 },
            { ref: 'service', op: 'notAnswered' },
          ],
        }),
      ]),
    );
    const renamed = replaceQuestion(draft, 0, { ...matrix, id: 'staff' });
    expect(renamed.definition.questions[1]?.displayIf).toEqual({
      any: [
        { ref: 'staff.speed', op: 'lt', value: 3 },
        { ref: 'staff', op: 'notAnswered' },
      ],
    });
  });

  it('moves questions with their keys, and validation names a condition on a later answer', () => {
    const draft = draftOfSurvey(
      surveyWith([nps('nps'), comment('why', { ref: 'nps', op: 'lte', value: 6 })]),
    );
    const moved = moveQuestion(draft, 1, -1);
    expect(moved.definition.questions.map((q) => q.id)).toEqual(['why', 'nps']);
    expect(moved.keys).toEqual([draft.keys[1], draft.keys[0]]);
    expect(definitionIssues(moved.definition)).toEqual({
      'definition.questions.0.displayIf':
        'refers to nps, which comes later: conditions may use only earlier answers',
    });
    expect(moveQuestion(draft, 0, -1)).toBe(draft);
  });

  it('sends only what changed: never an unchanged definition, whatever its key order', () => {
    const survey = surveyWith([nps('nps')]);
    const draft = draftOfSurvey(survey);
    // The same definition with its keys in another order, as the server may return it.
    const reordered = JSON.parse(
      JSON.stringify({
        ...draft.definition,
        questions: [{ required: true, text: { en: 'Recommend us?' }, type: 'nps', id: 'nps' }],
      }),
    ) as TSurvey['definition'];
    const touchpoints = [...survey.touchpointIds].reverse();
    expect(
      updateBody({ ...draft, definition: reordered, touchpointIds: touchpoints }, survey),
    ).toEqual({});
    expect(updateBody({ ...draft, status: 'closed', name: 'Lounge 2' }, survey)).toEqual({
      status: 'closed',
      name: 'Lounge 2',
    });
    const edited = replaceQuestion(draft, 0, {
      ...nps('nps'),
      text: { en: 'Would you recommend us?' },
    });
    expect(Object.keys(updateBody(edited, survey))).toEqual(['definition']);
  });

  it('starts new questions with unique ids and a text in the default language', () => {
    const taken = new Set(['comment', 'comment_2']);
    const q = newQuestion('text', taken, 'de');
    expect(q.id).toBe('comment_3');
    expect(Object.keys(q.text)).toEqual(['de']);
    const empty = newDraft();
    expect(definitionIssues(empty.definition)).toEqual({
      'definition.questions': 'add at least one question',
    });
  });
});

describe('translations', () => {
  it('counts texts missing in a language and removes a language from every text', () => {
    const survey = surveyWith([nps('nps'), matrix]);
    const def = {
      ...survey.definition,
      languages: ['en', 'de'],
      title: { en: 'Your visit', de: 'Ihr Besuch' },
    };
    // thankYou, nps text, matrix text and its two items: 5 texts without German.
    expect(missingTranslations(def, 'de')).toBe(5);
    expect(missingTranslations(def, 'en')).toBe(0);
    const without = removeLanguage(def, 'de');
    expect(without.languages).toEqual(['en']);
    expect(without.title).toEqual({ en: 'Your visit' });
  });
});

describe('display logic model', () => {
  it('offers earlier questions, matrix items and hidden fields, and starts NPS at "at most 6"', () => {
    const def = surveyWith([nps('nps'), matrix, comment('why')]).definition;
    const choices = refChoices(def, 2, 'en');
    expect(choices.map((c) => [c.ref, c.kind])).toEqual([
      ['nps', 'number'],
      ['service', 'presence'],
      ['service.speed', 'number'],
      ['service.care', 'number'],
      ['hidden.booking', 'text'],
    ]);
    expect(refChoices(def, 0, 'en').map((c) => c.ref)).toEqual(['hidden.booking']);
    const first = choices[0];
    if (!first) throw new Error('no choice');
    expect(defaultLeaf(first)).toEqual({ ref: 'nps', op: 'lte', value: 6 });
  });

  it('round-trips simple conditions and keeps nested ones out of the simple editor', () => {
    const leaf = { ref: 'nps', op: 'lte' as const, value: 6 };
    const other = { ref: 'hidden.booking', op: 'answered' as const };
    expect(simpleForm(undefined)).toEqual({ mode: 'all', leaves: [] });
    expect(fromSimple({ mode: 'any', leaves: [] })).toBeUndefined();
    expect(fromSimple({ mode: 'any', leaves: [leaf] })).toEqual(leaf);
    expect(fromSimple({ mode: 'any', leaves: [leaf, other] })).toEqual({ any: [leaf, other] });
    expect(simpleForm({ all: [leaf, other] })).toEqual({ mode: 'all', leaves: [leaf, other] });
    expect(simpleForm({ not: leaf })).toBeNull();
    expect(simpleForm({ all: [leaf, { any: [other] }] })).toBeNull();
    expect(describeCondition({ any: [leaf, other] })).toBe(
      'any of: nps ≤ 6; hidden.booking is answered',
    );
  });
});
