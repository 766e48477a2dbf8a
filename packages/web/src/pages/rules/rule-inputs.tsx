import { useId, useState } from 'react';

/** Several of a list, picked with checkboxes (a list of a few) in a fieldset. */
export function PickMany({
  legend,
  options,
  value,
  onChange,
}: {
  legend: string;
  options: readonly { id: string; name: string }[];
  value: readonly string[];
  onChange: (ids: string[]) => void;
}) {
  if (options.length === 0) return <p className="muted">Nothing to pick from yet.</p>;
  return (
    <fieldset className="rule-pick-many">
      <legend className="visually-hidden">{legend}</legend>
      {options.map((o) => (
        <label key={o.id} className="checkbox">
          <input
            type="checkbox"
            checked={value.includes(o.id)}
            onChange={(e) =>
              onChange(e.target.checked ? [...value, o.id] : value.filter((id) => id !== o.id))
            }
          />{' '}
          {o.name}
        </label>
      ))}
    </fieldset>
  );
}

/** Words separated by commas, kept as typed until the field is left. */
export function CommaList({
  label,
  value,
  onChange,
}: {
  label: string;
  value: readonly string[];
  onChange: (words: string[]) => void;
}) {
  const id = useId();
  const [text, setText] = useState(value.join(', '));
  return (
    <span className="rule-input">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() =>
          onChange(
            text
              .split(',')
              .map((w) => w.trim())
              .filter((w) => w !== ''),
          )
        }
      />
    </span>
  );
}

/** A labelled select whose label only screen readers hear (the sentence around it says it). */
export function Choice<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <span className="rule-input">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </span>
  );
}

export function NumberInput({
  label,
  value,
  onChange,
  step = 'any',
}: {
  label: string;
  value: number;
  onChange: (value: number) => void;
  step?: string;
}) {
  const id = useId();
  return (
    <span className="rule-input">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        type="number"
        step={step}
        value={Number.isFinite(value) ? value : ''}
        onChange={(e) => onChange(e.target.valueAsNumber)}
        className="input-narrow"
      />
    </span>
  );
}

export function TextInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <span className="rule-input">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} />
    </span>
  );
}
