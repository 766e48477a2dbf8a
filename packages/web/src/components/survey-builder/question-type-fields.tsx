import type { TQuestion } from '@touchstone/core';
import { FieldIssue, useBuilder } from './builder-context.js';
import { setOptional } from './builder-state.js';
import { LocalizedText } from './localized-text.js';
import { EntryList } from './option-list.js';
import { ScaleFields, wholeNumber } from './scale-fields.js';

type TOf<K extends TQuestion['type']> = Extract<TQuestion, { type: K }>;
type TMatrixItem = TOf<'matrix'>['items'][number];

interface TProps<Q extends TQuestion = TQuestion> {
  question: Q;
  onChange: (question: Q) => void;
  /** Issue key of the question, e.g. `definition.questions.2`. */
  field: string;
}

/** An optional number input: empty means not set. */
function OptionalNumber({
  id,
  label,
  value,
  error,
  onChange,
}: {
  id: string;
  label: string;
  value: number | undefined;
  error: string | undefined;
  onChange: (value: number | undefined) => void;
}) {
  const { disabled } = useBuilder();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        value={value ?? ''}
        disabled={disabled}
        aria-invalid={Boolean(error)}
        onChange={(e) => onChange(wholeNumber(e.target.value))}
      />
      <FieldIssue message={error} />
    </div>
  );
}

function Check({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const { disabled } = useBuilder();
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      {label}
    </label>
  );
}

/** The dimension tag and reverse coding of a rated statement (or a matrix item). */
function DimensionFields({
  dimension,
  reverse,
  onChange,
  field,
  label = 'Dimension',
}: {
  dimension: string | undefined;
  reverse: boolean;
  onChange: (patch: { dimension?: string; reverse: boolean }) => void;
  field: string;
  label?: string;
}) {
  const { issues, disabled } = useBuilder();
  const error = issues[`${field}.dimension`];
  const id = `${field}-dimension`;
  return (
    <div className="dimension-fields">
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          value={dimension ?? ''}
          placeholder="e.g. servqual:reliability"
          disabled={disabled}
          aria-invalid={Boolean(error)}
          onChange={(e) =>
            onChange(e.target.value === '' ? { reverse } : { dimension: e.target.value, reverse })
          }
        />
        <FieldIssue message={error} />
      </div>
      <Check
        label="Reverse-coded"
        checked={reverse}
        onChange={(r) =>
          onChange(dimension === undefined ? { reverse: r } : { dimension, reverse: r })
        }
      />
    </div>
  );
}

function ChoiceFields({
  question: q,
  onChange,
  field,
}: TProps<TOf<'single_choice' | 'multiple_choice'>>) {
  const { issues } = useBuilder();
  return (
    <>
      <fieldset>
        <legend>Options</legend>
        <EntryList
          noun="Option"
          textKey="label"
          field={`${field}.options`}
          entries={q.options.map((o) => ({ id: o.id, text: o.label }))}
          make={(id, text) => ({ id, text })}
          onChange={(entries) =>
            onChange({ ...q, options: entries.map((e) => ({ id: e.id, label: e.text })) })
          }
        />
        <Check
          label="Offer “Other” with a text box"
          checked={q.allowOther}
          onChange={(allowOther) => onChange({ ...q, allowOther })}
        />
      </fieldset>
      {q.type === 'multiple_choice' && (
        <div className="three-columns">
          <OptionalNumber
            id={`${field}-minSelected`}
            label="At least (choices)"
            value={q.minSelected}
            error={issues[`${field}.minSelected`]}
            onChange={(minSelected) => {
              onChange(setOptional(q, 'minSelected', minSelected));
            }}
          />
          <OptionalNumber
            id={`${field}-maxSelected`}
            label="At most (choices)"
            value={q.maxSelected}
            error={issues[`${field}.maxSelected`]}
            onChange={(maxSelected) => {
              onChange(setOptional(q, 'maxSelected', maxSelected));
            }}
          />
        </div>
      )}
    </>
  );
}

/** The settings particular to a question's type: scales, options, statements, limits. */
export function QuestionTypeFields({ question: q, onChange, field }: TProps) {
  const { issues } = useBuilder();
  switch (q.type) {
    case 'nps':
      return (
        <div className="two-columns">
          <LocalizedText
            label="Label of 0"
            text={q.minLabel}
            optional
            field={`${field}.minLabel`}
            onChange={(minLabel) => onChange({ ...q, minLabel })}
          />
          <LocalizedText
            label="Label of 10"
            text={q.maxLabel}
            optional
            field={`${field}.maxLabel`}
            onChange={(maxLabel) => onChange({ ...q, maxLabel })}
          />
        </div>
      );
    case 'csat':
    case 'ces':
    case 'consent':
      return null;
    case 'rating':
    case 'likert':
      return (
        <>
          <ScaleFields
            scale={q.scale}
            field={`${field}.scale`}
            onChange={(scale) => onChange({ ...q, scale })}
          />
          <DimensionFields
            dimension={q.dimension}
            reverse={q.reverse}
            field={field}
            onChange={(patch) => {
              onChange({ ...setOptional(q, 'dimension', patch.dimension), reverse: patch.reverse });
            }}
          />
        </>
      );
    case 'matrix':
      return (
        <>
          <ScaleFields
            scale={q.scale}
            field={`${field}.scale`}
            onChange={(scale) => onChange({ ...q, scale })}
          />
          <fieldset>
            <legend>Statements</legend>
            <EntryList
              noun="Statement"
              textKey="text"
              field={`${field}.items`}
              entries={q.items}
              make={(id, text): TMatrixItem => ({ id, text, reverse: false })}
              onChange={(items) => onChange({ ...q, items })}
              extra={(item, index, set) => (
                <DimensionFields
                  dimension={item.dimension}
                  reverse={item.reverse}
                  field={`${field}.items.${index}`}
                  label={`Dimension of statement ${index + 1}`}
                  onChange={(patch) => {
                    set({
                      ...setOptional(item, 'dimension', patch.dimension),
                      reverse: patch.reverse,
                    });
                  }}
                />
              )}
            />
          </fieldset>
        </>
      );
    case 'single_choice':
    case 'multiple_choice':
      return <ChoiceFields question={q} field={field} onChange={onChange} />;
    case 'text':
      return (
        <div className="three-columns">
          <Check
            label="Several lines"
            checked={q.multiline}
            onChange={(multiline) => onChange({ ...q, multiline })}
          />
          <OptionalNumber
            id={`${field}-maxLength`}
            label="Longest answer (characters)"
            value={q.maxLength}
            error={issues[`${field}.maxLength`]}
            onChange={(maxLength) => onChange({ ...q, maxLength: maxLength ?? 5000 })}
          />
        </div>
      );
    case 'number':
      return (
        <div className="three-columns">
          <OptionalNumber
            id={`${field}-min`}
            label="Smallest allowed"
            value={q.min}
            error={issues[`${field}.min`]}
            onChange={(min) => {
              onChange(setOptional(q, 'min', min));
            }}
          />
          <OptionalNumber
            id={`${field}-max`}
            label="Largest allowed"
            value={q.max}
            error={issues[`${field}.max`]}
            onChange={(max) => {
              onChange(setOptional(q, 'max', max));
            }}
          />
          <Check
            label="Whole numbers only"
            checked={q.integer}
            onChange={(integer) => onChange({ ...q, integer })}
          />
        </div>
      );
  }
}
