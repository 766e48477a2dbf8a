import type { TQuestion, TSurveyDefinition } from '../../contracts/survey-definition.js';
import type { TItemSpec } from './builders.js';
import { agreementScale7, matrixQuestion, surveyDefinition, text } from './builders.js';

function item(id: string, dimension: string, statement: string, reverse = false): TItemSpec {
  return { id, text: text(statement), dimension, reverse };
}

// The Brand Experience Scale (Brakus, Schmitt & Zarantonello 2009) measures four dimensions
// with three items each, one of them reverse-coded. The wording is ours, not the published
// one; the items are tagged with Schmitt's modules (sensory = SENSE, affective = FEEL,
// intellectual = THINK, behavioural = ACT). RELATE is not in the published scale: its three
// items are our own, so that the profile covers all five modules.
const ITEMS: TItemSpec[] = [
  item('sense_1', 'sem:sense', 'This brand makes a strong impression on my senses.'),
  item('sense_2', 'sem:sense', 'I find this brand appealing to look at, hear or touch.'),
  item('sense_3', 'sem:sense', 'This brand does nothing for my senses.', true),
  item('feel_1', 'sem:feel', 'This brand stirs up feelings in me.'),
  item('feel_2', 'sem:feel', 'I have strong emotions about this brand.'),
  item('feel_3', 'sem:feel', 'This brand leaves me emotionally cold.', true),
  item('think_1', 'sem:think', 'This brand gets me thinking.'),
  item('think_2', 'sem:think', 'This brand sparks my curiosity.'),
  item('think_3', 'sem:think', 'This brand gives me nothing to think about.', true),
  item('act_1', 'sem:act', 'Using this brand gets me doing things, not just watching.'),
  item('act_2', 'sem:act', 'This brand involves me physically.'),
  item('act_3', 'sem:act', 'This brand does not move me to do anything.', true),
  item('relate_1', 'sem:relate', 'This brand makes me feel part of a community.'),
  item('relate_2', 'sem:relate', 'This brand says something to others about who I am.'),
  item('relate_3', 'sem:relate', 'This brand does not connect me with other people.', true),
];

/** The brand experience matrix `brand_experience`: 15 items, 7-point agreement. */
export function brandExperienceQuestions(): TQuestion[] {
  return [
    matrixQuestion(
      'brand_experience',
      text('How far do you agree with each statement about this brand?'),
      agreementScale7(),
      ITEMS,
      { required: true },
    ),
  ];
}

/** A brand experience survey; its dimension scores form the experiential profile. */
export function brandExperienceSurvey(): TSurveyDefinition {
  return surveyDefinition(brandExperienceQuestions(), {
    title: text('Your experience of the brand'),
    thankYou: text('Thank you for your answers.'),
  });
}
