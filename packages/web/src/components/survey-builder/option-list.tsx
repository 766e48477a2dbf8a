import type { TText } from '@touchstone/core';
import type { ReactNode } from 'react';
import { FieldIssue, useBuilder } from './builder-context.js';
import { LocalizedText } from './localized-text.js';
import { uniqueId } from './question-factory.js';

/** An option of a choice question or an item of a matrix: an id and a text. */
export interface TListEntry {
  id: string;
  text: TText;
}

interface TProps<T extends TListEntry> {
  /** `Option` or `Statement`: names the rows for labels and buttons. */
  noun: string;
  entries: T[];
  onChange: (entries: T[]) => void;
  /** Issue key prefix, e.g. `definition.questions.2.options`. */
  field: string;
  /** The key of the text in the stored shape (`label` for options, `text` for items). */
  textKey: 'label' | 'text';
  make: (id: string, text: TText) => T;
  /** Extra controls of an entry (a matrix item's dimension and reverse coding). */
  extra?: (entry: T, index: number, set: (entry: T) => void) => ReactNode;
}

/** Edits an ordered list of options or statements: texts per language, ids, order. */
export function EntryList<T extends TListEntry>({
  noun,
  entries,
  onChange,
  field,
  textKey,
  make,
  extra,
}: TProps<T>) {
  const { issues, disabled, defaultLanguage } = useBuilder();
  const lower = noun.toLowerCase();
  const set = (index: number, entry: T) =>
    onChange(entries.map((e, i) => (i === index ? entry : e)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...entries];
    const [moved] = next.splice(index, 1);
    if (moved === undefined) return;
    next.splice(index + by, 0, moved);
    onChange(next);
  };
  const add = () => {
    const id = uniqueId(
      `${lower === 'option' ? 'option' : 'item'}_${entries.length + 1}`,
      new Set(entries.map((e) => e.id)),
    );
    onChange([...entries, make(id, { [defaultLanguage]: `${noun} ${entries.length + 1}` })]);
  };
  return (
    <div className="entry-list">
      <FieldIssue message={issues[field]} />
      <ol>
        {entries.map((entry, index) => {
          const n = index + 1;
          const idError = issues[`${field}.${index}.id`];
          return (
            <li key={index} className="entry-row">
              <LocalizedText
                label={`${noun} ${n}`}
                text={entry.text}
                field={`${field}.${index}.${textKey}`}
                onChange={(text) => set(index, { ...entry, text: text ?? {} })}
              />
              <div className={`field entry-id${idError ? ' field-invalid' : ''}`}>
                <label htmlFor={`${field}-${index}-id`}>
                  Id
                  <span className="visually-hidden">
                    {' '}
                    of {lower} {n}
                  </span>
                </label>
                <input
                  id={`${field}-${index}-id`}
                  value={entry.id}
                  disabled={disabled}
                  aria-invalid={Boolean(idError)}
                  onChange={(e) => set(index, { ...entry, id: e.target.value })}
                />
                <FieldIssue message={idError} />
              </div>
              <div className="row-buttons">
                <button
                  type="button"
                  className="button icon-button"
                  aria-label={`Move ${lower} ${n} up`}
                  disabled={disabled || index === 0}
                  onClick={() => move(index, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button icon-button"
                  aria-label={`Move ${lower} ${n} down`}
                  disabled={disabled || index === entries.length - 1}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button icon-button danger"
                  aria-label={`Remove ${lower} ${n}`}
                  disabled={disabled}
                  onClick={() => onChange(entries.filter((_, i) => i !== index))}
                >
                  ×
                </button>
              </div>
              {extra && (
                <div className="entry-extra">{extra(entry, index, (e) => set(index, e))}</div>
              )}
            </li>
          );
        })}
      </ol>
      <button type="button" className="button" disabled={disabled} onClick={add}>
        Add {lower}
      </button>
    </div>
  );
}
