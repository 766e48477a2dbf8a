import type { TStyleGuide } from '@touchstone/core';
import { useState } from 'react';
import { Field, type TFieldErrors } from '../../components/forms.js';
import { humanize } from '../../components/page.js';

interface TProps {
  styleGuide: TStyleGuide;
  onChange: (styleGuide: TStyleGuide) => void;
  errors: TFieldErrors;
  disabled: boolean;
}

const COLOR_ROLES = ['primary', 'secondary', 'accent', 'background', 'text'] as const;

/** Tone words typed as a comma-separated list; kept as text while typing so commas stay put. */
function ToneWords({
  words,
  onChange,
  error,
  disabled,
}: {
  words: string[];
  onChange: (words: string[]) => void;
  error: string | undefined;
  disabled: boolean;
}) {
  const [text, setText] = useState(words.join(', '));
  return (
    <Field label="Tone words" hint="Comma-separated, e.g. warm, precise, unhurried" error={error}>
      {(p) => (
        <input
          {...p}
          value={text}
          disabled={disabled}
          onChange={(e) => {
            setText(e.target.value);
            onChange(
              e.target.value
                .split(',')
                .map((w) => w.trim())
                .filter((w) => w.length > 0),
            );
          }}
        />
      )}
    </Field>
  );
}

/** The brand style guide: what respondents see (colours, logo, fonts, tone of voice). */
export function StyleGuideFields({ styleGuide, onChange, errors, disabled }: TProps) {
  const set = <K extends keyof TStyleGuide>(key: K, value: TStyleGuide[K]) =>
    onChange({ ...styleGuide, [key]: value });
  return (
    <fieldset>
      <legend>Style guide</legend>
      <div className="color-grid">
        {COLOR_ROLES.map((role) => (
          <Field key={role} label={humanize(role)} error={errors[`styleGuide.colors.${role}`]}>
            {(p) => (
              <span className="color-input">
                <input
                  {...p}
                  type="color"
                  value={styleGuide.colors[role]}
                  disabled={disabled}
                  onChange={(e) =>
                    set('colors', { ...styleGuide.colors, [role]: e.target.value.toLowerCase() })
                  }
                />
                <code>{styleGuide.colors[role]}</code>
              </span>
            )}
          </Field>
        ))}
      </div>
      <div
        className="style-preview"
        style={{
          background: styleGuide.colors.background,
          color: styleGuide.colors.text,
          fontFamily: styleGuide.fonts.body,
          borderColor: styleGuide.colors.secondary,
        }}
        aria-hidden="true"
      >
        <span style={{ fontFamily: styleGuide.fonts.heading, color: styleGuide.colors.primary }}>
          How was your visit today?
        </span>
        <span className="style-preview-button" style={{ background: styleGuide.colors.primary }}>
          Answer
        </span>
        <span className="style-preview-accent" style={{ background: styleGuide.colors.accent }} />
      </div>
      <Field
        label="Logo URL"
        hint="An https:// address or a data:image/ URL; leave empty for none"
        error={errors['styleGuide.logoUrl']}
      >
        {(p) => (
          <input
            {...p}
            type="url"
            value={styleGuide.logoUrl ?? ''}
            disabled={disabled}
            onChange={(e) => set('logoUrl', e.target.value.trim() === '' ? null : e.target.value)}
          />
        )}
      </Field>
      <div className="two-columns">
        <Field label="Heading font" error={errors['styleGuide.fonts.heading']}>
          {(p) => (
            <input
              {...p}
              value={styleGuide.fonts.heading}
              disabled={disabled}
              onChange={(e) => set('fonts', { ...styleGuide.fonts, heading: e.target.value })}
            />
          )}
        </Field>
        <Field label="Body font" error={errors['styleGuide.fonts.body']}>
          {(p) => (
            <input
              {...p}
              value={styleGuide.fonts.body}
              disabled={disabled}
              onChange={(e) => set('fonts', { ...styleGuide.fonts, body: e.target.value })}
            />
          )}
        </Field>
      </div>
      <ToneWords
        words={styleGuide.toneWords}
        onChange={(w) => set('toneWords', w)}
        error={errors['styleGuide.toneWords'] ?? errors['styleGuide.toneWords.0']}
        disabled={disabled}
      />
    </fieldset>
  );
}
