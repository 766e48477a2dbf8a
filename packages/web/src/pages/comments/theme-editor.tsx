import type { TTheme } from '@touchstone/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Field, FormError, type TFormErrors } from '../../components/forms.js';

/** Keywords as typed: one per line or separated by commas. */
export function parseKeywords(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((k) => k.trim())
    .filter((k) => k !== '');
}

/** Name and keywords of a theme. */
export function ThemeEditor({
  theme,
  errors,
  disabled,
  submitLabel,
  onSubmit,
  children,
}: {
  theme?: TTheme;
  errors: TFormErrors;
  disabled: boolean;
  submitLabel: string;
  onSubmit: (draft: { name: string; keywords: string[] }) => void;
  children?: ReactNode;
}) {
  const [name, setName] = useState(theme?.name ?? '');
  const [keywords, setKeywords] = useState((theme?.keywords ?? []).join(', '));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ name: name.trim(), keywords: parseKeywords(keywords) });
  };
  return (
    <form className="theme-edit" onSubmit={submit} noValidate>
      <FormError message={errors.message} />
      <Field label="Name" error={errors.fields['name']}>
        {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field
        label="Keywords and phrases"
        hint="Separated by commas or lines; a comment mentioning any of them has the theme."
        error={errors.fields['keywords']}
      >
        {(props) => (
          <textarea
            {...props}
            rows={2}
            value={keywords}
            onChange={(e) => setKeywords(e.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={disabled}>
          {submitLabel}
        </button>
        {children}
      </div>
    </form>
  );
}
