import { useState } from 'react';
import { useBuilder } from './builder-context.js';
import { setOptional } from './builder-state.js';
import {
  LIST_OPS,
  PRESENCE_OPS,
  type TLeaf,
  type TOperator,
  type TRefChoice,
} from './condition-model.js';

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

/** The value of a test: a number, text, an option (or several), yes or no; none for presence. */
export function ValueControl({
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
export function withOperator(leaf: TLeaf, op: TOperator): TLeaf {
  const { value, ref } = leaf;
  if (PRESENCE_OPS.has(op)) return { ref, op };
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  if (LIST_OPS.has(op)) return { ref, op, value: list };
  const first = list[0];
  return first === undefined ? { ref, op } : { ref, op, value: first };
}
