import type { TQuestion, TSurveyDefinition } from '../../contracts/survey-definition.js';
import {
  commentQuestion,
  metricQuestion,
  npsQuestion,
  surveyDefinition,
  text,
} from './builders.js';

/** Which outcome a touchpoint survey measures, and whether it adds NPS. */
export interface TTransactionalOptions {
  metric: 'csat' | 'ces';
  includeNps?: boolean;
}

function metricFor(metric: 'csat' | 'ces'): TQuestion {
  if (metric === 'csat') {
    return metricQuestion(
      'csat',
      'csat',
      text(
        'How satisfied were you with {{touchpoint.name}}?',
        'Wie zufrieden waren Sie mit {{touchpoint.name}}?',
      ),
      {
        required: true,
        help: text(
          '1 = very dissatisfied, 5 = very satisfied',
          '1 = sehr unzufrieden, 5 = sehr zufrieden',
        ),
      },
    );
  }
  return metricQuestion(
    'ces',
    'ces',
    text(
      'It was easy to get what I needed at {{touchpoint.name}}.',
      'Bei {{touchpoint.name}} war es einfach, das zu bekommen, was ich brauchte.',
    ),
    {
      required: true,
      help: text(
        '1 = strongly disagree, 7 = strongly agree',
        '1 = stimme überhaupt nicht zu, 7 = stimme voll und ganz zu',
      ),
    },
  );
}

/**
 * A short survey for one touchpoint (English and German): CSAT or CES with the touchpoint's
 * name piped in, NPS when asked for, and a comment.
 */
export function transactionalQuestions(options: TTransactionalOptions): TQuestion[] {
  const questions = [metricFor(options.metric)];
  if (options.includeNps === true) {
    questions.push(
      npsQuestion(
        'nps',
        text(
          'How likely are you to recommend us to a friend or colleague?',
          'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?',
        ),
      ),
    );
  }
  questions.push(
    commentQuestion(
      'comment',
      text(
        'Is there anything we could have done better?',
        'Gibt es etwas, das wir hätten besser machen können?',
      ),
    ),
  );
  return questions;
}

/** A touchpoint survey, ready to save and attach to touchpoints. */
export function transactionalSurvey(options: TTransactionalOptions): TSurveyDefinition {
  return surveyDefinition(transactionalQuestions(options), {
    title: text('Your feedback', 'Ihr Feedback'),
    thankYou: text('Thank you for your feedback.', 'Vielen Dank für Ihr Feedback.'),
  });
}
