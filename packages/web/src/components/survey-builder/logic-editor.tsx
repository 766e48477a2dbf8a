import type { TCondition, TSurveyDefinition } from '@touchstone/core';
import { useState } from 'react';
import { FieldIssue, useBuilder } from './builder-context.js';
import { setOptional } from './builder-state.js';
import {
  LIST_OPS,
  OPERATORS,
  PRESENCE_OPS,
  defaultLeaf,
  describeCondition,
  fromSimple,
  refChoices,
  simpleForm,
  type TLeaf,
  type TOperator,
  type TRefChoice,
} from './condition-model.js';
import { issuesUnder } from './definition-texts.js';

type TScalar = number | string | boolean;

function parseScalar(raw: string, kind: TRefChoice['kind']): TScalar | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  if (kind !== 'number') return text;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/** A typed value kept as the person writes it (a half-typed list or number stays on screen). */
function RawInput({
  initial,
  label,
  type,
  onValue,
}: {
  initial: string;
  label: string;
  type: 'number' | 'text';
  onValue: (raw: string) => void;
}) {
  const { disabled } = useBuilder();
  const [raw, setRaw] = useState(initial);
  return (
    <input
      type={type}
      aria-label={label}
      value={raw}
      disabled={disabled}
      onChange={(e) => {
        setRaw(e.target.value);
        onValue(e.target.value);
      }}
    />
  );
}

function ValueControl({
  leaf,
  choice,
  label,
  onChange,
}: {
  leaf: TLeaf;
  choice: TRefChoice | undefined;
  label: string;
  onChange: (leaf: TLeaf) => void;
}) {
  const { disabled } = useBuilder();
  if (PRESENCE_OPS.has(leaf.op) || choice === undefined) return null;
  const list = LIST_OPS.has(leaf.op);
  const values = Array.isArray(leaf.value)
    ? leaf.value
    : leaf.value === undefined
      ? []
      : [leaf.value];
  if (choice.kind === 'choice' && list) {
    return (
      <fieldset className="logic-values">
        <legend className="visually-hidden">{label}</legend>
        {choice.options.map((o) => (
          <label key={o.id} className="checkbox">
            <input
              type="checkbox"
              checked={values.includes(o.id)}
              disabled={disabled}
              onChange={(e) =>
                onChange({
                  ...leaf,
                  value: e.target.checked ? [...values, o.id] : values.filter((v) => v !== o.id),
                })
              }
            />
            {o.label}
          </label>
        ))}
      </fieldset>
    );
  }
  if (choice.kind === 'choice' || choice.kind === 'boolean') {
    const options =
      choice.kind === 'boolean'
        ? [
            { id: 'true', label: 'Yes (agreed)' },
            { id: 'false', label: 'No' },
          ]
        : choice.options;
    return (
      <select
        aria-label={label}
        value={String(leaf.value ?? '')}
        disabled={disabled}
        onChange={(e) => {
          const v = e.target.value;
          onChange({ ...leaf, value: choice.kind === 'boolean' ? v === 'true' : v });
        }}
      >
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    );
  }
  if (list) {
    return (
      <RawInput
        type="text"
        label={`${label} (separated by commas)`}
        initial={values.join(', ')}
        onValue={(raw) =>
          onChange({
            ...leaf,
            value: raw
              .split(',')
              .map((part) => parseScalar(part, choice.kind))
              .filter((v): v is TScalar => v !== undefined),
          })
        }
      />
    );
  }
  return (
    <RawInput
      type={choice.kind === 'number' ? 'number' : 'text'}
      label={label}
      initial={values.length > 0 ? String(values[0]) : ''}
      onValue={(raw) => {
        const value = parseScalar(raw, choice.kind);
        onChange(setOptional(leaf, 'value', value));
      }}
    />
  );
}

/** The leaf after an operator change, with its value reshaped for what the operator takes. */
function withOperator(leaf: TLeaf, op: TOperator): TLeaf {
  const { value, ref } = leaf;
  if (PRESENCE_OPS.has(op)) return { ref, op };
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  if (LIST_OPS.has(op)) return { ref, op, value: list };
  const first = list[0];
  return first === undefined ? { ref, op } : { ref, op, value: first };
}

interface TProps {
  definition: TSurveyDefinition;
  index: number;
  condition: TCondition | undefined;
  onChange: (condition: TCondition | undefined) => void;
}

/** Display logic of one question: show it when all (or any) of some tests on earlier answers hold. */
export function LogicEditor({ definition, index, condition, onChange }: TProps) {
  const { language, issues, disabled } = useBuilder();
  const problems = issuesUnder(issues, `definition.questions.${index}.displayIf`);
  const choices = refChoices(definition, index, language);
  const simple = simpleForm(condition);
  if (simple === null && condition !== undefined) {
    // Nested conditions (from the API or an instrument) are kept as they are, shown in words.
    return (
      <fieldset className="logic-editor">
        <legend>Display logic</legend>
        <p>
          Shown when <code>{describeCondition(condition)}</code>.
        </p>
        <button
          type="button"
          className="button"
          disabled={disabled}
          onClick={() => onChange(undefined)}
        >
          Replace with simple conditions
        </button>
      </fieldset>
    );
  }
  const { mode, leaves } = simple ?? { mode: 'all' as const, leaves: [] };
  const set = (next: TLeaf[], nextMode = mode) =>
    onChange(fromSimple({ mode: nextMode, leaves: next }));
  // A new condition starts on the nearest earlier question (the usual follow-up logic).
  const first = [...choices].reverse().find((c) => !c.ref.startsWith('hidden.')) ?? choices[0];
  return (
    <fieldset className="logic-editor">
      <legend>Display logic</legend>
      {leaves.length === 0 && (
        <p className="muted">
          {choices.length === 0
            ? 'Always shown. Conditions test earlier answers or hidden fields; there are none before this question.'
            : 'Always shown.'}
        </p>
      )}
      {leaves.length === 1 && <p className="logic-lead">Show this question only when</p>}
      {leaves.length > 1 && (
        <div className="logic-lead">
          <label htmlFor={`logic-mode-${index}`}>Show this question when</label>{' '}
          <select
            id={`logic-mode-${index}`}
            value={mode}
            disabled={disabled}
            onChange={(e) => set(leaves, e.target.value === 'any' ? 'any' : 'all')}
          >
            <option value="all">all of these hold</option>
            <option value="any">any of these holds</option>
          </select>
        </div>
      )}
      {leaves.length > 0 && (
        <ol className="logic-rows">
          {leaves.map((leaf, i) => {
            const n = i + 1;
            const choice = choices.find((c) => c.ref === leaf.ref);
            const kind = choice?.kind ?? 'presence';
            const update = (next: TLeaf) => set(leaves.map((l, j) => (j === i ? next : l)));
            return (
              <li key={i} className="logic-row">
                <select
                  aria-label={`Condition ${n}: question`}
                  value={leaf.ref}
                  disabled={disabled}
                  onChange={(e) => {
                    const next = choices.find((c) => c.ref === e.target.value);
                    if (next) update(defaultLeaf(next));
                  }}
                >
                  {!choice && (
                    <option value={leaf.ref}>{leaf.ref} (not an earlier question)</option>
                  )}
                  {choices.map((c) => (
                    <option key={c.ref} value={c.ref}>
                      {c.label}
                    </option>
                  ))}
                </select>
                <select
                  aria-label={`Condition ${n}: operator`}
                  value={leaf.op}
                  disabled={disabled}
                  onChange={(e) => update(withOperator(leaf, e.target.value as TOperator))}
                >
                  {OPERATORS.filter((o) => o.kinds.includes(kind) || o.op === leaf.op).map((o) => (
                    <option key={o.op} value={o.op}>
                      {o.label}
                    </option>
                  ))}
                </select>
                <ValueControl
                  key={`${leaf.ref} ${leaf.op}`}
                  leaf={leaf}
                  choice={choice}
                  label={`Condition ${n}: value`}
                  onChange={update}
                />
                <button
                  type="button"
                  className="button icon-button danger"
                  aria-label={`Remove condition ${n}`}
                  disabled={disabled}
                  onClick={() => set(leaves.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {problems.map((p) => (
        <FieldIssue key={p} message={p} />
      ))}
      {first && (
        <button
          type="button"
          className="button"
          disabled={disabled}
          onClick={() => set([...leaves, defaultLeaf(first)])}
        >
          {leaves.length === 0 ? 'Add a condition' : 'Add another condition'}
        </button>
      )}
    </fieldset>
  );
}
