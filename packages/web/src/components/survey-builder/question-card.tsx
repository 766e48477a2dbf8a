import { localize, type TQuestion, type TSurveyDefinition } from '@touchstone/core';
import { FieldIssue, useBuilder } from './builder-context.js';
import { setOptional } from './builder-state.js';
import { describeCondition } from './condition-model.js';
import { issuesUnder } from './definition-texts.js';
import { LocalizedText } from './localized-text.js';
import { LogicEditor } from './logic-editor.js';
import { questionTypeLabel } from './question-factory.js';
import { QuestionTypeFields } from './question-type-fields.js';

interface TProps {
  definition: TSurveyDefinition;
  index: number;
  /** The question's stable key, for element ids. */
  uid: string;
  expanded: boolean;
  onToggle: () => void;
  onChange: (question: TQuestion) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

/** An authored text with its placeholders (`{{touchpoint.name}}`) set apart as code. */
function TemplateText({ text }: { text: string }) {
  return text
    .split(/(\{\{[^}]*\}\})/)
    .map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}

/** One question of the builder: a summary line, and when opened its whole editor. */
export function QuestionCard({
  definition,
  index,
  uid,
  expanded,
  onToggle,
  onChange,
  onMove,
  onRemove,
}: TProps) {
  const { language, issues, disabled } = useBuilder();
  const question = definition.questions[index];
  if (question === undefined) return null;
  const n = index + 1;
  const field = `definition.questions.${index}`;
  const problems = issuesUnder(issues, field);
  const idError = issues[`${field}.id`];
  const title = localize(question.text, language, definition) || 'Untitled question';
  const bodyId = `${uid}-body`;
  return (
    <section
      className={`question-card${problems.length > 0 ? ' has-problems' : ''}`}
      aria-label={`Question ${n}`}
    >
      <header className="question-head">
        <span className="stage-number" aria-hidden="true">
          {n}
        </span>
        <div className="question-summary">
          <p className="question-title">
            <TemplateText text={title} />
          </p>
          <p className="question-meta">
            <span className="badge">{questionTypeLabel(question.type)}</span>
            <code>{question.id}</code>
            {question.required && <span className="badge">Required</span>}
            {question.displayIf && (
              <span className="badge badge-logic">
                Shown when {describeCondition(question.displayIf)}
              </span>
            )}
            {problems.length > 0 && (
              <span className="badge badge-problem">
                {problems.length === 1 ? '1 problem' : `${problems.length} problems`}
              </span>
            )}
          </p>
        </div>
        <div className="row-buttons">
          <button
            type="button"
            className="button"
            aria-expanded={expanded}
            aria-controls={bodyId}
            aria-label={`${expanded ? 'Close' : 'Edit'} question ${n}`}
            onClick={onToggle}
          >
            {expanded ? 'Close' : 'Edit'}
          </button>
          <button
            type="button"
            id={`${uid}-up`}
            className="button icon-button"
            aria-label={`Move question ${n} up`}
            disabled={disabled || index === 0}
            onClick={() => onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            id={`${uid}-down`}
            className="button icon-button"
            aria-label={`Move question ${n} down`}
            disabled={disabled || index === definition.questions.length - 1}
            onClick={() => onMove(1)}
          >
            ↓
          </button>
          <button
            type="button"
            className="button icon-button danger"
            aria-label={`Delete question ${n}`}
            disabled={disabled}
            onClick={onRemove}
          >
            ×
          </button>
        </div>
      </header>
      <div id={bodyId} className="question-body" hidden={!expanded}>
        <LocalizedText
          label="Question text"
          inputId={`${uid}-text`}
          text={question.text}
          field={`${field}.text`}
          multiline
          hint="May show {{customer.firstName}}, {{touchpoint.name}} or {{hidden.<key>}}."
          onChange={(text) => onChange({ ...question, text: text ?? {} })}
        />
        <LocalizedText
          label="Help text"
          text={question.help}
          field={`${field}.help`}
          optional
          onChange={(help) => {
            onChange(setOptional(question, 'help', help));
          }}
        />
        <div className="two-columns">
          <div className={`field${idError ? ' field-invalid' : ''}`}>
            <label htmlFor={`${uid}-id`}>Question id</label>
            <input
              id={`${uid}-id`}
              value={question.id}
              disabled={disabled}
              aria-invalid={Boolean(idError)}
              aria-describedby={`${uid}-id-hint`}
              onChange={(e) => onChange({ ...question, id: e.target.value })}
            />
            <p className="field-hint" id={`${uid}-id-hint`}>
              Names the answer in exports and display logic; keep it once responses arrive.
            </p>
            <FieldIssue message={idError} />
          </div>
          <label className="checkbox required-check">
            <input
              type="checkbox"
              checked={question.required}
              disabled={disabled}
              onChange={(e) => onChange({ ...question, required: e.target.checked })}
            />
            Required
          </label>
        </div>
        <QuestionTypeFields question={question} field={field} onChange={onChange} />
        <LogicEditor
          definition={definition}
          index={index}
          condition={question.displayIf}
          onChange={(displayIf) => {
            onChange(setOptional(question, 'displayIf', displayIf));
          }}
        />
      </div>
    </section>
  );
}
