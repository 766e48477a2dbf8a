import type { TSurveyDefinition } from '@touchstone/core';
import { useState } from 'react';
import { FieldIssue, useBuilder } from './builder-context.js';

type THiddenField = TSurveyDefinition['hiddenFields'][number];

/**
 * Hidden fields: values the link carries (`?booking=ABC123`) or an invitation fills in, stored
 * with the response and usable in display logic and question texts.
 */
export function HiddenFields({
  fields,
  onChange,
}: {
  fields: THiddenField[];
  onChange: (fields: THiddenField[]) => void;
}) {
  const { issues, disabled } = useBuilder();
  const [key, setKey] = useState('');
  const taken = fields.some((f) => f.key === key.trim());
  const add = () => {
    const k = key.trim();
    if (k === '' || taken) return;
    onChange([...fields, { key: k, required: false }]);
    setKey('');
  };
  return (
    <fieldset className="hidden-fields">
      <legend>Hidden fields</legend>
      <p className="field-hint">
        Values from the link or the invitation, e.g. <code>?booking=ABC123</code>: stored with the
        response, usable in display logic and as <code>{'{{hidden.booking}}'}</code> in texts.
      </p>
      <FieldIssue message={issues['definition.hiddenFields']} />
      {fields.length > 0 && (
        <ul className="hidden-list">
          {fields.map((f, i) => {
            const error = issues[`definition.hiddenFields.${i}.key`];
            return (
              <li key={`${f.key}-${i}`}>
                <code>{f.key}</code>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={f.required}
                    disabled={disabled}
                    onChange={(e) =>
                      onChange(
                        fields.map((g, j) => (j === i ? { ...g, required: e.target.checked } : g)),
                      )
                    }
                  />
                  Required
                </label>
                <button
                  type="button"
                  className="button icon-button danger"
                  aria-label={`Remove hidden field ${f.key}`}
                  disabled={disabled}
                  onClick={() => onChange(fields.filter((_, j) => j !== i))}
                >
                  ×
                </button>
                <FieldIssue message={error} />
              </li>
            );
          })}
        </ul>
      )}
      <div className="inline-controls">
        <label htmlFor="hidden-field-key" className="visually-hidden">
          New hidden field
        </label>
        <input
          id="hidden-field-key"
          value={key}
          placeholder="booking"
          disabled={disabled}
          onChange={(e) => setKey(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button
          type="button"
          className="button"
          disabled={disabled || key.trim() === '' || taken}
          onClick={add}
        >
          Add hidden field
        </button>
      </div>
      {taken && <p className="field-error">There is a hidden field {key.trim()} already.</p>}
    </fieldset>
  );
}
