import {
  STANDARD_SCALES,
  localize,
  type TAnswer,
  type TQuestion,
  type TSurveyDefinition,
} from '@touchstone/core';

/** A rated answer with its scale: `4 of 10`, or `4 · Agree` where every point is labelled. */
function rated(q: TQuestion, value: number, def: TSurveyDefinition, language: string): string {
  if (q.type === 'nps' || q.type === 'csat' || q.type === 'ces') {
    return `${value} of ${STANDARD_SCALES[q.type].max}`;
  }
  if (q.type === 'rating' || q.type === 'likert' || q.type === 'matrix') {
    const label = q.scale.pointLabels?.[value - q.scale.min];
    return label ? `${value} · ${localize(label, language, def)}` : `${value} of ${q.scale.max}`;
  }
  return String(value);
}

function optionLabel(q: TQuestion, id: string, def: TSurveyDefinition, language: string): string {
  if (q.type !== 'single_choice' && q.type !== 'multiple_choice') return id;
  const option = q.options.find((o) => o.id === id);
  return option ? localize(option.label, language, def) || id : id;
}

/** An answer in words for a list row (one line; long text is cut). */
export function answerText(
  q: TQuestion | undefined,
  answer: TAnswer,
  def: TSurveyDefinition | undefined,
  language: string,
): string {
  if (typeof answer === 'boolean') return answer ? 'Yes' : 'No';
  if (typeof answer === 'number')
    return q && def ? rated(q, answer, def, language) : String(answer);
  if (typeof answer === 'string') {
    return q && def && q.type === 'single_choice' ? optionLabel(q, answer, def, language) : answer;
  }
  if (Array.isArray(answer)) {
    return answer.map((id) => (q && def ? optionLabel(q, id, def, language) : id)).join(', ');
  }
  if ('other' in answer && typeof answer.other === 'string') {
    const selected =
      'selected' in answer && Array.isArray(answer.selected)
        ? answer.selected.map((id) => (q && def ? optionLabel(q, id, def, language) : id))
        : [];
    return [...selected, `Other: ${answer.other}`].join(', ');
  }
  return Object.entries(answer)
    .map(([item, v]) => `${item} ${String(v)}`)
    .join(', ');
}

/**
 * One answer in full on the response page. Respondent text is rendered as text (React escapes
 * it), with its line breaks kept; never as markup.
 */
export function AnswerView({
  question,
  answer,
  def,
  language,
}: {
  question: TQuestion;
  answer: TAnswer;
  def: TSurveyDefinition;
  language: string;
}) {
  if (question.type === 'matrix' && typeof answer === 'object' && !Array.isArray(answer)) {
    const values = answer as Record<string, number>;
    return (
      <dl className="details matrix-answer">
        {question.items.map((item) => (
          <div key={item.id} className="details-row">
            <dt>{localize(item.text, language, def) || item.id}</dt>
            <dd>
              {values[item.id] === undefined ? (
                <span className="muted">No answer</span>
              ) : (
                rated(question, values[item.id] ?? 0, def, language)
              )}
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  if (question.type === 'text' && typeof answer === 'string') {
    return <p className="answer-text">{answer}</p>;
  }
  return <p className="answer-value">{answerText(question, answer, def, language)}</p>;
}
