/**
 * The built-in texts a case e-mail may start from. `{{customer}}`, `{{brand}}` and `{{case}}`
 * are filled in when the message is written, so the stored text is what the customer reads.
 */
import type { TCaseMessageTemplate } from '@touchstone/core';

interface TTemplateText {
  subject: string;
  body: string;
}

const TEMPLATES: Record<TCaseMessageTemplate, TTemplateText> = {
  apology: {
    subject: 'We are sorry about your experience',
    body: 'Dear {{customer}},\n\nThank you for telling us what went wrong. We are sorry: it fell short of what you should expect from {{brand}}.\n\nWe are looking into it now (our reference: case {{case}}) and will come back to you shortly.',
  },
  more_information: {
    subject: 'A question about your feedback',
    body: 'Dear {{customer}},\n\nThank you for your feedback. So that we can put things right, could you reply to this e-mail with a little more detail: when it happened, and what you would have expected?\n\nOur reference: case {{case}}.',
  },
  resolved: {
    subject: 'We have put it right',
    body: 'Dear {{customer}},\n\nThank you for your patience. We have dealt with the problem you told us about (case {{case}}).\n\nIf anything is still not right, reply to this e-mail and we will take it up again.',
  },
};

export interface TTemplateValues {
  customer: string | null;
  brand: string | null;
  caseNumber: number;
}

function fill(text: string, values: TTemplateValues): string {
  return text
    .replaceAll('{{customer}}', values.customer ?? 'customer')
    .replaceAll('{{brand}}', values.brand ?? 'us')
    .replaceAll('{{case}}', `#${values.caseNumber}`);
}

/** The subject and body of a message: those given, the template's for what is left out. */
export function composeMessage(
  input: {
    template?: TCaseMessageTemplate | undefined;
    subject?: string | undefined;
    body?: string | undefined;
  },
  values: TTemplateValues,
): TTemplateText {
  const template = input.template === undefined ? undefined : TEMPLATES[input.template];
  return {
    subject: input.subject ?? fill(template?.subject ?? '', values),
    body: input.body ?? fill(template?.body ?? '', values),
  };
}
