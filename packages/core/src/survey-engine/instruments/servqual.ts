import type { TQuestion, TSurveyDefinition } from '../../contracts/survey-definition.js';
import type { TItemSpec } from './builders.js';
import { agreementScale7, matrixQuestion, surveyDefinition, text } from './builders.js';

/** The five SERVQUAL dimensions, in the order the items are asked. */
export const SERVQUAL_DIMENSIONS = [
  'tangibles',
  'reliability',
  'responsiveness',
  'assurance',
  'empathy',
] as const;

type TServqualDimension = (typeof SERVQUAL_DIMENSIONS)[number];

/** An item: a statement about the company rated, and the same idea about excellent companies. */
type TStatementPair = readonly [perception: string, expectation: string];

// Our own paraphrases of the 22 SERVQUAL ideas (Parasuraman, Zeithaml & Berry), not the
// published wording. Expectations complete "Excellent companies of this kind ...".
const STATEMENTS: Record<TServqualDimension, TStatementPair[]> = {
  tangibles: [
    ['This company’s equipment is modern.', 'have modern equipment.'],
    ['This company’s premises look attractive.', 'have premises that look attractive.'],
    [
      'This company’s staff look neat and professional.',
      'have staff who look neat and professional.',
    ],
    [
      'This company’s printed and online materials are pleasant to look at.',
      'have printed and online materials that are pleasant to look at.',
    ],
  ],
  reliability: [
    [
      'When this company promises to do something by a certain time, it does it.',
      'do what they promise by the time they promise it.',
    ],
    [
      'When I have a problem, this company genuinely tries to solve it.',
      'genuinely try to solve a customer’s problem.',
    ],
    [
      'This company gets the service right the first time.',
      'get the service right the first time.',
    ],
    [
      'This company delivers its services when it says it will.',
      'deliver their services when they say they will.',
    ],
    [
      'This company’s records about me are accurate.',
      'keep accurate records about their customers.',
    ],
  ],
  responsiveness: [
    [
      'Staff here tell me exactly when things will be done.',
      'have staff who tell customers exactly when things will be done.',
    ],
    ['Staff here serve me promptly.', 'have staff who serve customers promptly.'],
    ['Staff here are always willing to help me.', 'have staff who are always willing to help.'],
    [
      'Staff here are never too busy to deal with my requests.',
      'have staff who are never too busy to deal with requests.',
    ],
  ],
  assurance: [
    [
      'The way staff here behave gives me confidence.',
      'have staff whose behaviour gives customers confidence.',
    ],
    [
      'I feel safe in my dealings with this company.',
      'make customers feel safe in their dealings.',
    ],
    ['Staff here are consistently polite to me.', 'have staff who are consistently polite.'],
    [
      'Staff here know enough to answer my questions.',
      'have staff who know enough to answer questions.',
    ],
  ],
  empathy: [
    ['This company pays attention to me as an individual.', 'pay attention to each customer.'],
    ['This company’s opening hours suit me.', 'have opening hours that suit all their customers.'],
    ['Staff here give me personal attention.', 'have staff who give personal attention.'],
    [
      'This company has my best interests at heart.',
      'have their customers’ best interests at heart.',
    ],
    [
      'Staff here understand what I specifically need.',
      'have staff who understand what each customer needs.',
    ],
  ],
};

/** The 22 items with their ids (`tangibles_1` ... `empathy_5`), shared by both matrices. */
const ITEMS = SERVQUAL_DIMENSIONS.flatMap((dimension) =>
  STATEMENTS[dimension].map(([perception, expectation], i) => ({
    id: `${dimension}_${i + 1}`,
    dimension,
    perception,
    expectation: `Excellent companies of this kind ${expectation}`,
  })),
);

function items(side: 'perception' | 'expectation'): TItemSpec[] {
  return ITEMS.map((item) => ({
    id: item.id,
    text: text(item[side]),
    dimension: `servqual:${item.dimension}`,
  }));
}

const PERCEPTIONS_TEXT = text('How far do you agree with each statement?');
const EXPECTATIONS_TEXT = text(
  'Think of an excellent company of this kind. How far do you agree with each statement?',
);

/** SERVQUAL perceptions only: one matrix `servqual_p` of the 22 items on a 7-point scale. */
export function servqualPerceptionQuestions(): TQuestion[] {
  return [
    matrixQuestion('servqual_p', PERCEPTIONS_TEXT, agreementScale7(), items('perception'), {
      required: true,
    }),
  ];
}

/**
 * SERVQUAL gap form: expectations (`servqual_e`) then perceptions (`servqual_p`), the items of
 * both with the same ids, so that the gap of an item is `servqual_p.<id>` - `servqual_e.<id>`.
 */
export function servqualGapQuestions(): TQuestion[] {
  return [
    matrixQuestion('servqual_e', EXPECTATIONS_TEXT, agreementScale7(), items('expectation'), {
      required: true,
    }),
    ...servqualPerceptionQuestions(),
  ];
}

const THANKS = text('Thank you for your answers.');

/** A perceptions-only SERVQUAL survey. */
export function servqualPerceptionSurvey(): TSurveyDefinition {
  return surveyDefinition(servqualPerceptionQuestions(), {
    title: text('Service quality'),
    thankYou: THANKS,
  });
}

/** An expectations-and-perceptions SERVQUAL survey. */
export function servqualGapSurvey(): TSurveyDefinition {
  return surveyDefinition(servqualGapQuestions(), {
    title: text('Service quality'),
    intro: text(
      'First tell us what you expect from an excellent company of this kind, then how this company does.',
    ),
    thankYou: THANKS,
  });
}
