import type { TQuestion, TSurveyDefinition } from '../../contracts/survey-definition.js';
import {
  agreementScale5,
  commentQuestion,
  likertQuestion,
  npsQuestion,
  surveyDefinition,
  text,
} from './builders.js';

/** Employee NPS (English and German): would you recommend us as a place to work, and why. */
export function enpsQuestions(): TQuestion[] {
  return [
    npsQuestion(
      'enps',
      text(
        'How likely are you to recommend our organisation as a place to work to a friend?',
        'Wie wahrscheinlich ist es, dass Sie unser Unternehmen einem Freund als Arbeitgeber empfehlen?',
      ),
      { required: true },
    ),
    commentQuestion(
      'enps_reason',
      text(
        'What is the main reason for your score?',
        'Was ist der wichtigste Grund für Ihre Bewertung?',
      ),
    ),
  ];
}

/** An eNPS survey. */
export function enpsSurvey(): TSurveyDefinition {
  return surveyDefinition(enpsQuestions(), {
    title: text('Working here', 'Arbeiten bei uns'),
    thankYou: text('Thank you for your answers.', 'Vielen Dank für Ihre Antworten.'),
  });
}

/** The pulse dimensions; `customer_focus` links the employee side to customer experience. */
export const PULSE_DIMENSIONS = [
  'engagement',
  'enablement',
  'recognition',
  'growth',
  'wellbeing',
  'customer_focus',
] as const;

const PULSE_STATEMENTS: Record<(typeof PULSE_DIMENSIONS)[number], string> = {
  engagement: 'I am proud to work here.',
  enablement: 'I have the tools and information I need to do my job well.',
  recognition: 'I am recognised when I do good work.',
  growth: 'I can learn and grow in my role.',
  wellbeing: 'My workload is manageable.',
  customer_focus: 'When something goes wrong for a customer, I am able to put it right.',
};

/** An employee pulse: six 5-point agreement items tagged `pulse:<dimension>`, and a comment. */
export function employeePulseQuestions(): TQuestion[] {
  return [
    ...PULSE_DIMENSIONS.map((dimension) =>
      likertQuestion(
        `pulse_${dimension}`,
        text(PULSE_STATEMENTS[dimension]),
        agreementScale5(),
        `pulse:${dimension}`,
        { required: true },
      ),
    ),
    commentQuestion('pulse_comment', text('What one thing would make work better for you?')),
  ];
}

/** An employee pulse survey. */
export function employeePulseSurvey(): TSurveyDefinition {
  return surveyDefinition(employeePulseQuestions(), {
    title: text('Pulse check'),
    thankYou: text('Thank you for your answers.'),
  });
}
