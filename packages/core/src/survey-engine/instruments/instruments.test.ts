import { describe, expect, it } from 'vitest';
import type { TQuestion, TText } from '../../contracts/survey-definition.js';
import { ZSurveyDefinition } from '../../contracts/survey-definition.js';
import { validateSurveyDefinition } from '../definition-validation.js';
import { numericValues } from '../numeric-values.js';
import { pipeText } from '../piping.js';
import { validateSubmission } from '../submission-validation.js';
import { visibleQuestions } from '../visibility.js';
import { brandExperienceQuestions } from './brand-experience.js';
import { INSTRUMENTS, findInstrument } from './catalog.js';
import { employeePulseQuestions } from './employee.js';
import { relationshipNpsSurvey } from './relationship-nps.js';
import { servqualGapQuestions, servqualPerceptionQuestions } from './servqual.js';
import { transactionalQuestions, transactionalSurvey } from './transactional.js';

function matrixOf(question: TQuestion | undefined) {
  if (question?.type !== 'matrix') throw new Error('expected a matrix');
  return question;
}

/** Every text of a question, to check translations. */
function textsOf(question: TQuestion): TText[] {
  const texts: TText[] = [question.text, ...(question.help ? [question.help] : [])];
  if (question.type === 'nps') {
    for (const label of [question.minLabel, question.maxLabel]) if (label) texts.push(label);
  }
  if (question.type === 'single_choice') texts.push(...question.options.map((o) => o.label));
  return texts;
}

describe('INSTRUMENTS', () => {
  it('lists nine instruments with unique ids, names and descriptions', () => {
    expect(INSTRUMENTS.map((i) => i.id)).toEqual([
      'relationship-nps',
      'transactional-csat',
      'transactional-ces',
      'servqual-perceptions',
      'servqual-gap',
      'brand-experience',
      'enps',
      'employee-pulse',
      'case-follow-up',
    ]);
    for (const instrument of INSTRUMENTS) {
      expect(instrument.name.length).toBeGreaterThan(3);
      expect(instrument.description.length).toBeGreaterThan(20);
    }
    expect(findInstrument('enps')?.kind).toBe('employee');
    expect(findInstrument('nope')).toBeUndefined();
  });

  it.each(INSTRUMENTS.map((i) => [i.id, i] as const))(
    '%s passes the contract and validateSurveyDefinition',
    (_id, instrument) => {
      const definition = instrument.definition();
      // Parsing must change nothing: the builders fill every default themselves.
      expect(ZSurveyDefinition.parse(definition)).toEqual(definition);
      expect(validateSurveyDefinition(definition)).toEqual([]);
      expect(instrument.questions()).toEqual(definition.questions);
      expect(instrument.languages).toEqual(definition.languages);
    },
  );

  it('returns fresh copies, so an edit in the builder does not leak into the next insert', () => {
    const first = INSTRUMENTS[0]?.questions() ?? [];
    first.pop();
    expect(INSTRUMENTS[0]?.questions()).toHaveLength(4);
  });

  it('translates NPS, CSAT, CES and the short surveys into German', () => {
    for (const id of [
      'relationship-nps',
      'transactional-csat',
      'transactional-ces',
      'enps',
      'case-follow-up',
    ]) {
      const definition = findInstrument(id)?.definition();
      expect(definition?.languages).toEqual(['en', 'de']);
      for (const question of definition?.questions ?? []) {
        for (const text of textsOf(question)) expect(Object.keys(text)).toEqual(['en', 'de']);
      }
    }
  });
});

describe('relationship NPS logic', () => {
  const def = relationshipNpsSurvey();
  const ids = (nps: number) => visibleQuestions(def, { nps }, {}).map((q) => q.id);
  const submit = (answers: Record<string, unknown>) =>
    validateSubmission(def, { answers: answers as never, hidden: {} }, { partial: false });

  it('asks detractors what went wrong and promoters what they liked most', () => {
    expect(ids(0)).toEqual(['nps', 'nps_reason', 'nps_went_wrong']);
    expect(ids(6)).toEqual(['nps', 'nps_reason', 'nps_went_wrong']);
    expect(ids(7)).toEqual(['nps', 'nps_reason']);
    expect(ids(8)).toEqual(['nps', 'nps_reason']);
    expect(ids(9)).toEqual(['nps', 'nps_reason', 'nps_liked_most']);
    expect(ids(10)).toEqual(['nps', 'nps_reason', 'nps_liked_most']);
  });

  it('requires "what went wrong?" from a detractor', () => {
    expect(submit({ nps: 6 }).issues).toEqual([
      { field: 'answers.nps_went_wrong', message: 'question nps_went_wrong is required' },
    ]);
    expect(submit({ nps: 6, nps_went_wrong: ' Cold coffee ' })).toEqual({
      issues: [],
      answers: { nps: 6, nps_went_wrong: 'Cold coffee' },
    });
  });

  it('does not ask a promoter, and rejects the answer when sent anyway', () => {
    expect(submit({ nps: 9 })).toEqual({ issues: [], answers: { nps: 9 } });
    expect(submit({ nps: 9, nps_went_wrong: 'Nothing' }).issues).toEqual([
      {
        field: 'answers.nps_went_wrong',
        message: 'question nps_went_wrong was not shown: its display condition is false',
      },
    ]);
  });
});

describe('transactional survey', () => {
  it('pipes the touchpoint name into the metric question', () => {
    const [csat] = transactionalQuestions({ metric: 'csat' });
    const context = { touchpoint: { name: 'the lounge' }, hidden: {} };
    expect(pipeText(csat?.text['en'] ?? '', context)).toBe(
      'How satisfied were you with the lounge?',
    );
    expect(pipeText(csat?.text['de'] ?? '', context)).toBe(
      'Wie zufrieden waren Sie mit the lounge?',
    );
  });

  it('adds NPS only when asked', () => {
    expect(transactionalQuestions({ metric: 'ces' }).map((q) => [q.id, q.type])).toEqual([
      ['ces', 'ces'],
      ['comment', 'text'],
    ]);
    const withNps = transactionalSurvey({ metric: 'csat', includeNps: true });
    expect(withNps.questions.map((q) => q.id)).toEqual(['csat', 'nps', 'comment']);
    expect(validateSurveyDefinition(withNps)).toEqual([]);
  });
});

describe('SERVQUAL', () => {
  const count = (question: TQuestion | undefined) => {
    const counts: Record<string, number> = {};
    for (const item of matrixOf(question).items) {
      counts[item.dimension ?? ''] = (counts[item.dimension ?? ''] ?? 0) + 1;
    }
    return counts;
  };

  it('has 22 items: 4 tangibles, 5 reliability, 4 responsiveness, 4 assurance, 5 empathy', () => {
    const [perceptions] = servqualPerceptionQuestions();
    expect(perceptions?.id).toBe('servqual_p');
    expect(matrixOf(perceptions).items).toHaveLength(22);
    expect(count(perceptions)).toEqual({
      'servqual:tangibles': 4,
      'servqual:reliability': 5,
      'servqual:responsiveness': 4,
      'servqual:assurance': 4,
      'servqual:empathy': 5,
    });
    expect(matrixOf(perceptions).scale).toMatchObject({ min: 1, max: 7 });
    expect(matrixOf(perceptions).items[0]?.id).toBe('tangibles_1');
    expect(matrixOf(perceptions).items[21]?.id).toBe('empathy_5');
  });

  it('pairs expectations and perceptions item by item, with different wording', () => {
    const [expectations, perceptions] = servqualGapQuestions();
    expect([expectations?.id, perceptions?.id]).toEqual(['servqual_e', 'servqual_p']);
    const e = matrixOf(expectations).items;
    const p = matrixOf(perceptions).items;
    expect(e.map((i) => [i.id, i.dimension])).toEqual(p.map((i) => [i.id, i.dimension]));
    e.forEach((item, i) => expect(item.text['en']).not.toBe(p[i]?.text['en']));
    expect(new Set(p.map((i) => i.text['en'])).size).toBe(22);
  });
});

describe('brand experience', () => {
  const matrix = matrixOf(brandExperienceQuestions()[0]);

  it('measures the five modules with three items each, one reverse-coded', () => {
    const modules = ['sem:sense', 'sem:feel', 'sem:think', 'sem:act', 'sem:relate'];
    expect(matrix.items).toHaveLength(15);
    for (const module of modules) {
      const items = matrix.items.filter((i) => i.dimension === module);
      expect(items).toHaveLength(3);
      expect(items.filter((i) => i.reverse)).toHaveLength(1);
    }
    expect(matrix.scale).toMatchObject({ min: 1, max: 7 });
  });

  it('hands analysis the raw score of a reverse-coded item, flagged', () => {
    const def = findInstrument('brand-experience')?.definition();
    if (!def) throw new Error('missing');
    expect(numericValues(def, { brand_experience: { sense_3: 2 } })).toEqual([
      {
        key: 'brand_experience.sense_3',
        value: 2,
        dimension: 'sem:sense',
        reverse: true,
        scaleMin: 1,
        scaleMax: 7,
        type: 'matrix',
      },
    ]);
  });
});

describe('employee pulse', () => {
  it('has six tagged likert items and a comment', () => {
    const questions = employeePulseQuestions();
    const likert = questions.filter((q) => q.type === 'likert');
    expect(likert).toHaveLength(6);
    expect(likert.map((q) => (q.type === 'likert' ? q.dimension : null))).toEqual([
      'pulse:engagement',
      'pulse:enablement',
      'pulse:recognition',
      'pulse:growth',
      'pulse:wellbeing',
      'pulse:customer_focus',
    ]);
    expect(questions.at(-1)?.type).toBe('text');
  });
});

describe('case follow-up', () => {
  it('asks whether the issue was resolved, CSAT and a comment, and links the case', () => {
    const def = findInstrument('case-follow-up')?.definition();
    if (!def) throw new Error('missing');
    expect(def.questions.map((q) => [q.id, q.type, q.required])).toEqual([
      ['case_resolved', 'single_choice', true],
      ['case_csat', 'csat', true],
      ['case_comment', 'text', false],
    ]);
    expect(
      validateSubmission(
        def,
        { answers: { case_resolved: 'no', case_csat: 2 }, hidden: { case_id: 'c-1' } },
        { partial: false },
      ).issues,
    ).toEqual([]);
  });
});
