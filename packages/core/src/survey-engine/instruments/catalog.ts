import type { TQuestion, TSurveyDefinition } from '../../contracts/survey-definition.js';
import type { TInstrumentKind } from './builders.js';
import { brandExperienceSurvey } from './brand-experience.js';
import { caseFollowUpSurvey } from './case-follow-up.js';
import { employeePulseSurvey, enpsSurvey } from './employee.js';
import { relationshipNpsSurvey } from './relationship-nps.js';
import { servqualGapSurvey, servqualPerceptionSurvey } from './servqual.js';
import { transactionalSurvey } from './transactional.js';

/** A ready-made instrument for the builder's "insert template" menu. */
export interface TInstrument {
  /** Stable id, e.g. `relationship-nps`. */
  id: string;
  name: string;
  description: string;
  /** The survey kind a survey made from it should have. */
  kind: TInstrumentKind;
  /** The languages its texts are written in (English first). */
  languages: string[];
  /** A fresh copy of the whole definition. */
  definition: () => TSurveyDefinition;
  /** A fresh copy of its questions, to insert into another survey. */
  questions: () => TQuestion[];
}

function instrument(spec: Omit<TInstrument, 'languages' | 'questions'>): TInstrument {
  return {
    ...spec,
    languages: spec.definition().languages,
    questions: () => spec.definition().questions,
  };
}

/** Every instrument in the library, in menu order. */
export const INSTRUMENTS: readonly TInstrument[] = [
  instrument({
    id: 'relationship-nps',
    name: 'Relationship NPS',
    description:
      'Likelihood to recommend (0-10) and the main reason; detractors are asked what went wrong, promoters what they liked most.',
    kind: 'relationship',
    definition: relationshipNpsSurvey,
  }),
  instrument({
    id: 'transactional-csat',
    name: 'Touchpoint satisfaction (CSAT)',
    description: 'Satisfaction (1-5) with the touchpoint, named in the question, and a comment.',
    kind: 'transactional',
    definition: () => transactionalSurvey({ metric: 'csat' }),
  }),
  instrument({
    id: 'transactional-ces',
    name: 'Touchpoint effort (CES)',
    description: 'How easy the touchpoint made it (1-7 agreement), and a comment.',
    kind: 'transactional',
    definition: () => transactionalSurvey({ metric: 'ces' }),
  }),
  instrument({
    id: 'servqual-perceptions',
    name: 'SERVQUAL (perceptions)',
    description:
      'Service quality over tangibles, reliability, responsiveness, assurance and empathy: 22 statements on a 7-point agreement scale.',
    kind: 'relationship',
    definition: servqualPerceptionSurvey,
  }),
  instrument({
    id: 'servqual-gap',
    name: 'SERVQUAL (expectations and perceptions)',
    description:
      'The 22 SERVQUAL statements twice, about an excellent company and about yours, for gap scores per dimension.',
    kind: 'relationship',
    definition: servqualGapSurvey,
  }),
  instrument({
    id: 'brand-experience',
    name: 'Brand experience (SENSE, FEEL, THINK, ACT, RELATE)',
    description:
      'The four dimensions of the Brand Experience Scale plus RELATE: 15 statements on a 7-point agreement scale, one reverse-coded per module.',
    kind: 'relationship',
    definition: brandExperienceSurvey,
  }),
  instrument({
    id: 'enps',
    name: 'Employee NPS',
    description: 'Likelihood to recommend the organisation as a place to work (0-10), and why.',
    kind: 'employee',
    definition: enpsSurvey,
  }),
  instrument({
    id: 'employee-pulse',
    name: 'Employee pulse',
    description:
      'Six agreement statements on engagement, enablement, recognition, growth, wellbeing and customer focus, and a comment.',
    kind: 'employee',
    definition: employeePulseSurvey,
  }),
  instrument({
    id: 'case-follow-up',
    name: 'Case follow-up',
    description:
      'After a case is closed: was the issue resolved, satisfaction with how it was handled, and a comment.',
    kind: 'case-follow-up',
    definition: caseFollowUpSurvey,
  }),
];

/** The instrument with this id, or undefined. */
export function findInstrument(id: string): TInstrument | undefined {
  return INSTRUMENTS.find((i) => i.id === id);
}
