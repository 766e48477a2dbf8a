import type { TQuestion, TSurveyDefinition } from '../../contracts/survey-definition.js';
import { commentQuestion, metricQuestion, surveyDefinition, text } from './builders.js';

/**
 * After a case is closed (English and German): was the issue resolved, satisfaction with the
 * resolution, and a comment. Closed-loop reports compare these with the original score.
 */
export function caseFollowUpQuestions(): TQuestion[] {
  return [
    {
      id: 'case_resolved',
      type: 'single_choice',
      text: text('Was your issue resolved?', 'Wurde Ihr Anliegen gelöst?'),
      required: true,
      options: [
        { id: 'yes', label: text('Yes', 'Ja') },
        { id: 'no', label: text('No', 'Nein') },
      ],
      allowOther: false,
    },
    metricQuestion(
      'csat',
      'case_csat',
      text(
        'How satisfied are you with how we handled your case?',
        'Wie zufrieden sind Sie damit, wie wir Ihr Anliegen bearbeitet haben?',
      ),
      { required: true },
    ),
    commentQuestion(
      'case_comment',
      text(
        'Is there anything else you would like to tell us?',
        'Möchten Sie uns noch etwas mitteilen?',
      ),
    ),
  ];
}

/** A case follow-up survey; the `case_id` hidden field links the response to its case. */
export function caseFollowUpSurvey(): TSurveyDefinition {
  return surveyDefinition(
    caseFollowUpQuestions(),
    {
      title: text('How did we handle your request?', 'Wie haben wir Ihr Anliegen bearbeitet?'),
      thankYou: text('Thank you for your feedback.', 'Vielen Dank für Ihr Feedback.'),
    },
    [{ key: 'case_id', required: false }],
  );
}
