import type { TQuestion, TSurveyDefinition } from '../../contracts/survey-definition.js';
import { commentQuestion, npsQuestion, surveyDefinition, text } from './builders.js';

/** NPS scores at or below this are detractors; they are asked what went wrong. */
const DETRACTOR_MAX = 6;
/** NPS scores at or above this are promoters; they are asked what they liked most. */
const PROMOTER_MIN = 9;

/**
 * Relationship NPS (English and German): the score, the main reason, then what went wrong
 * (detractors, required, because that answer is what closes the loop) or what they liked most
 * (promoters).
 */
export function relationshipNpsQuestions(): TQuestion[] {
  return [
    npsQuestion(
      'nps',
      text(
        'How likely are you to recommend us to a friend or colleague?',
        'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?',
      ),
      { required: true },
    ),
    commentQuestion(
      'nps_reason',
      text(
        'What is the main reason for your score?',
        'Was ist der wichtigste Grund für Ihre Bewertung?',
      ),
    ),
    commentQuestion('nps_went_wrong', text('What went wrong?', 'Was ist schiefgelaufen?'), {
      required: true,
      help: text(
        'Tell us, so that we can put it right.',
        'Sagen Sie es uns, damit wir es in Ordnung bringen können.',
      ),
      displayIf: { ref: 'nps', op: 'lte', value: DETRACTOR_MAX },
    }),
    commentQuestion(
      'nps_liked_most',
      text('What did you like most?', 'Was hat Ihnen am besten gefallen?'),
      { displayIf: { ref: 'nps', op: 'gte', value: PROMOTER_MIN } },
    ),
  ];
}

/** A relationship NPS survey, ready to save. */
export function relationshipNpsSurvey(): TSurveyDefinition {
  return surveyDefinition(relationshipNpsQuestions(), {
    title: text('Your experience with us', 'Ihre Erfahrung mit uns'),
    thankYou: text('Thank you for your feedback.', 'Vielen Dank für Ihr Feedback.'),
  });
}
