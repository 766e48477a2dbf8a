import type { TScale, TText } from '@touchstone/core';
import { FieldIssue, useBuilder } from './builder-context.js';
import { setOptional } from './builder-state.js';
import { LocalizedText } from './localized-text.js';

/** A whole number from an input, or undefined while it is empty or not a number. */
export function wholeNumber(raw: string): number | undefined {
  if (raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/** Point labels resized to a scale's range, keeping the labels that still fit. */
function resized(labels: TText[] | undefined, min: number, max: number): TText[] | undefined {
  if (labels === undefined || max < min) return labels;
  return Array.from({ length: max - min + 1 }, (_, i) => labels[i] ?? {});
}

/** The ends, end labels and optional per-point labels of a rating, statement or matrix scale. */
export function ScaleFields({
  scale,
  onChange,
  field,
}: {
  scale: TScale;
  onChange: (scale: TScale) => void;
  field: string;
}) {
  const { issues, disabled } = useBuilder();
  const setEnds = (min: number, max: number) =>
    onChange({
      ...scale,
      min,
      max,
      ...(scale.pointLabels && { pointLabels: resized(scale.pointLabels, min, max) }),
    });
  const end = (which: 'min' | 'max') => {
    const error = issues[`${field}.${which}`];
    const id = `${field}-${which}`;
    return (
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>{which === 'min' ? 'Lowest point' : 'Highest point'}</label>
        <input
          id={id}
          type="number"
          min={which === 'min' ? 0 : 1}
          max={10}
          step={1}
          value={scale[which]}
          disabled={disabled}
          aria-invalid={Boolean(error)}
          onChange={(e) => {
            const n = wholeNumber(e.target.value);
            if (n === undefined) return;
            if (which === 'min') setEnds(n, scale.max);
            else setEnds(scale.min, n);
          }}
        />
        <FieldIssue message={error} />
      </div>
    );
  };
  const labelled = scale.pointLabels !== undefined;
  return (
    <fieldset className="scale-fields">
      <legend>Scale</legend>
      <div className="three-columns">
        {end('min')}
        {end('max')}
      </div>
      <div className="two-columns">
        <LocalizedText
          label="Label of the lowest point"
          text={scale.minLabel}
          optional
          field={`${field}.minLabel`}
          onChange={(minLabel) => onChange({ ...scale, minLabel })}
        />
        <LocalizedText
          label="Label of the highest point"
          text={scale.maxLabel}
          optional
          field={`${field}.maxLabel`}
          onChange={(maxLabel) => onChange({ ...scale, maxLabel })}
        />
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={labelled}
          disabled={disabled}
          onChange={(e) => {
            onChange(
              setOptional(
                scale,
                'pointLabels',
                e.target.checked ? (resized([], scale.min, scale.max) ?? []) : undefined,
              ),
            );
          }}
        />
        Label every point
      </label>
      <FieldIssue message={issues[`${field}.pointLabels`]} />
      {scale.pointLabels && (
        <div className="three-columns point-labels">
          {scale.pointLabels.map((label, i) => (
            <LocalizedText
              key={i}
              label={`Point ${scale.min + i}`}
              text={label}
              field={`${field}.pointLabels.${i}`}
              onChange={(text) =>
                onChange({
                  ...scale,
                  pointLabels: scale.pointLabels?.map((l, j) => (j === i ? (text ?? {}) : l)),
                })
              }
            />
          ))}
        </div>
      )}
    </fieldset>
  );
}
