/** Picks the view for a question's type. */
import { renderChoice } from './choice.js';
import { renderConsent } from './consent.js';
import type { TQuestionContext, TQuestionView } from './frame.js';
import { renderMatrix } from './matrix.js';
import { renderScale } from './scale.js';
import { renderNumber, renderText } from './text.js';

export type { TQuestionContext, TQuestionView } from './frame.js';

/** Renders any question of the survey definition contract. */
export function renderQuestion(ctx: TQuestionContext): TQuestionView {
  const q = ctx.question;
  switch (q.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating':
    case 'likert':
      return renderScale({ ...ctx, question: q });
    case 'matrix':
      return renderMatrix({ ...ctx, question: q });
    case 'single_choice':
    case 'multiple_choice':
      return renderChoice({ ...ctx, question: q });
    case 'text':
      return renderText({ ...ctx, question: q });
    case 'number':
      return renderNumber({ ...ctx, question: q });
    case 'consent':
      return renderConsent({ ...ctx, question: q });
  }
}
