import { ZLanguage, type TSurveyDefinition } from '@touchstone/core';
import { useState } from 'react';
import { languageName, missingTranslations } from './definition-texts.js';

interface TProps {
  definition: TSurveyDefinition;
  /** The language being edited. */
  language: string;
  onSelect: (language: string) => void;
  onAdd: (language: string) => void;
  onRemove: (language: string) => void;
  onDefault: (language: string) => void;
  disabled: boolean;
}

/**
 * The survey's languages: which one the texts below show, how many texts each lacks, adding
 * and removing a language, and which one is the default (what any other falls back to).
 */
export function LanguageBar({
  definition,
  language,
  onSelect,
  onAdd,
  onRemove,
  onDefault,
  disabled,
}: TProps) {
  const [tag, setTag] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    const parsed = ZLanguage.safeParse(tag.trim());
    if (!parsed.success) return setError('Write a language tag such as de, fr or pt-BR.');
    if (definition.languages.includes(parsed.data)) return setError('The survey has it already.');
    setError(null);
    setTag('');
    onAdd(parsed.data);
  };
  return (
    <fieldset className="language-bar">
      <legend>Languages</legend>
      <div role="radiogroup" aria-label="Edited language" className="language-tabs">
        {definition.languages.map((l) => {
          const missing = missingTranslations(definition, l);
          return (
            <label key={l} className={`language-tab${l === language ? ' selected' : ''}`}>
              <input
                type="radio"
                name="edited-language"
                value={l}
                checked={l === language}
                onChange={() => onSelect(l)}
              />
              <span>
                {languageName(l)} <code>{l}</code>
              </span>
              {l === definition.defaultLanguage ? (
                <span className="badge">Default</span>
              ) : missing > 0 ? (
                <span className="badge badge-warning">{missing} missing</span>
              ) : (
                <span className="badge badge-ok">Complete</span>
              )}
            </label>
          );
        })}
      </div>
      {language !== definition.defaultLanguage && (
        <div className="form-actions language-actions">
          <p className="field-hint">
            Texts without a {languageName(language)} translation are shown in{' '}
            {languageName(definition.defaultLanguage)}.
          </p>
          <button
            type="button"
            className="button"
            disabled={disabled}
            onClick={() => onDefault(language)}
          >
            Make {languageName(language)} the default
          </button>
          <button
            type="button"
            className="button danger"
            disabled={disabled}
            onClick={() => {
              if (window.confirm(`Remove ${languageName(language)} and its translations?`)) {
                onRemove(language);
              }
            }}
          >
            Remove {languageName(language)}
          </button>
        </div>
      )}
      <div className="inline-controls">
        <label htmlFor="new-language" className="visually-hidden">
          New language tag
        </label>
        <input
          id="new-language"
          value={tag}
          placeholder="de"
          size={8}
          disabled={disabled}
          aria-invalid={error !== null}
          aria-describedby={error ? 'new-language-error' : undefined}
          onChange={(e) => setTag(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="button" disabled={disabled} onClick={add}>
          Add language
        </button>
      </div>
      {error && (
        <p className="field-error" id="new-language-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
