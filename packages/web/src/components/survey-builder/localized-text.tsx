import type { TText } from '@touchstone/core';
import { useId } from 'react';
import { useBuilder } from './builder-context.js';
import { isMissing, languageName } from './definition-texts.js';

interface TProps {
  label: string;
  text: TText | undefined;
  onChange: (text: TText | undefined) => void;
  /** The issue key of this text, e.g. `definition.questions.2.text`. */
  field: string;
  multiline?: boolean;
  /** May be left empty in every language (help texts, end labels). */
  optional?: boolean;
  hint?: string;
  className?: string;
  /** An id for the input, to move focus to it. */
  inputId?: string;
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * A text of the survey in the language being edited. In another language than the default, the
 * default's wording is the placeholder and a missing translation is flagged beside the label.
 */
export function LocalizedText({
  label,
  text,
  onChange,
  field,
  multiline = false,
  optional = false,
  hint,
  className,
  inputId,
}: TProps) {
  const { language, defaultLanguage, issues, disabled } = useBuilder();
  const generatedId = useId();
  const id = inputId ?? generatedId;
  const error = issues[field];
  const missing = isMissing(text, language, defaultLanguage);
  const describedBy =
    [hint ? `${id}-hint` : '', missing ? `${id}-missing` : '', error ? `${id}-error` : '']
      .filter(Boolean)
      .join(' ') || undefined;
  const value = text?.[language] ?? '';
  const set = (next: string) => {
    const updated: TText = { ...text };
    // An emptied translation is removed, so that it counts as missing (and falls back).
    if (next === '' && language !== defaultLanguage) delete updated[language];
    else updated[language] = next;
    const empty = Object.values(updated).every((v) => v.trim() === '');
    onChange(optional && empty ? undefined : updated);
  };
  const props = {
    id,
    value,
    lang: language,
    disabled,
    placeholder: language === defaultLanguage ? undefined : (text?.[defaultLanguage] ?? undefined),
    'aria-invalid': Boolean(error),
    'aria-describedby': describedBy,
  };
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <div className="field-label-row">
        <label htmlFor={id}>{label}</label>
        {missing && (
          <span className="badge badge-warning" id={`${id}-missing`}>
            Missing in {languageName(language)}
          </span>
        )}
      </div>
      {multiline ? (
        <textarea {...props} rows={2} onChange={(e) => set(e.target.value)} />
      ) : (
        <input {...props} onChange={(e) => set(e.target.value)} />
      )}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {sentence(error)}
        </p>
      )}
    </div>
  );
}
