import type { TBrand, TSurvey, TTouchpoint } from '@touchstone/core';
import { useMemo, useState, type FormEvent } from 'react';
import { FormError, type TFormErrors } from '../forms.js';
import { BuilderProvider } from './builder-context.js';
import { BuilderQuestions } from './builder-questions.js';
import { patchDefinition, setOptional, type TBuilderDraft } from './builder-state.js';
import { definitionIssues, removeLanguage } from './definition-texts.js';
import { HiddenFields } from './hidden-fields.js';
import { LanguageBar } from './language-bar.js';
import { LocalizedText } from './localized-text.js';
import { SurveyPreview } from './survey-preview.js';
import { SurveySettings } from './survey-settings.js';

interface TProps {
  draft: TBuilderDraft;
  onChange: (update: (draft: TBuilderDraft) => TBuilderDraft) => void;
  /** The stored survey, or null while it is new. */
  survey: TSurvey | null;
  touchpoints: TTouchpoint[];
  brands: TBrand[];
  errors: TFormErrors;
  canWrite: boolean;
  saving: boolean;
  /** Called with a draft free of problems. */
  onSave: () => void;
  /** What the last save did, announced ("Saved as version 3 ..."). */
  status: string;
  /** Unsaved changes and what saving them will do, or null when there are none. */
  pending: string | null;
}

/** After the errors render, take keyboard and screen-reader users to the first one. */
function focusFirstProblem(): void {
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>('.builder-form [aria-invalid="true"]')?.focus();
  });
}

/** The survey builder: settings, languages, texts, questions with logic, hidden fields, preview. */
export function SurveyBuilder({
  draft,
  onChange,
  survey,
  touchpoints,
  brands,
  errors,
  canWrite,
  saving,
  onSave,
  status,
  pending,
}: TProps) {
  const def = draft.definition;
  const [language, setLanguage] = useState(def.defaultLanguage);
  const edited = def.languages.includes(language) ? language : def.defaultLanguage;
  const [expanded, setExpanded] = useState<Set<string>>(
    () => new Set(draft.keys.length <= 3 ? draft.keys : []),
  );
  const checked = useMemo(() => definitionIssues(def), [def]);
  const issues = useMemo(() => ({ ...errors.fields, ...checked }), [errors.fields, checked]);
  const problemCount = Object.keys(checked).length;
  const disabled = !canWrite || saving;
  const set = (patch: Partial<TBuilderDraft>) => onChange((d) => ({ ...d, ...patch }));
  const setDef = (patch: Partial<TBuilderDraft['definition']>) =>
    onChange((d) => patchDefinition(d, patch));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    if (problemCount > 0) {
      // Open every question with a problem, so that the first one can take focus.
      const open = new Set(expanded);
      draft.keys.forEach((key, i) => {
        if (Object.keys(checked).some((f) => f.startsWith(`definition.questions.${i}.`))) {
          open.add(key);
        }
      });
      setExpanded(open);
      focusFirstProblem();
      return;
    }
    onSave();
  };
  const brand = brands.find((b) => b.id === draft.brandId) ?? null;
  const firstTouchpoint = touchpoints.find((t) => draft.touchpointIds.includes(t.id)) ?? null;

  return (
    <BuilderProvider
      value={{ language: edited, defaultLanguage: def.defaultLanguage, issues, disabled }}
    >
      <div className="builder-layout">
        <form
          className="stack builder-form"
          onSubmit={submit}
          noValidate
          aria-label="Survey builder"
        >
          <FormError message={errors.message} />
          <SurveySettings
            draft={draft}
            storedStatus={survey?.status ?? null}
            onChange={set}
            touchpoints={touchpoints}
            brands={brands}
            errors={errors.fields}
            disabled={disabled}
          />
          <LanguageBar
            definition={def}
            language={edited}
            disabled={disabled}
            onSelect={setLanguage}
            onAdd={(l) => {
              setDef({ languages: [...def.languages, l] });
              setLanguage(l);
            }}
            onRemove={(l) => {
              onChange((d) => patchDefinition(d, removeLanguage(d.definition, l)));
              setLanguage(def.defaultLanguage);
            }}
            onDefault={(l) => setDef({ defaultLanguage: l })}
          />
          <fieldset>
            <legend>Texts around the questions</legend>
            <LocalizedText
              label="Title"
              text={def.title}
              field="definition.title"
              onChange={(title) => setDef({ title: title ?? {} })}
            />
            <LocalizedText
              label="Introduction"
              text={def.intro}
              field="definition.intro"
              optional
              multiline
              hint="Shown above the first question."
              onChange={(intro) => {
                onChange((d) => ({ ...d, definition: setOptional(d.definition, 'intro', intro) }));
              }}
            />
            <LocalizedText
              label="Thank-you message"
              text={def.thankYou}
              field="definition.thankYou"
              onChange={(thankYou) => setDef({ thankYou: thankYou ?? {} })}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={def.showProgress}
                disabled={disabled}
                onChange={(e) => setDef({ showProgress: e.target.checked })}
              />
              Show progress (“Question 2 of 5”)
            </label>
          </fieldset>
          <BuilderQuestions
            draft={draft}
            onChange={onChange}
            expanded={expanded}
            onExpanded={setExpanded}
          />
          <HiddenFields
            fields={def.hiddenFields}
            onChange={(hiddenFields) => setDef({ hiddenFields })}
          />
          {canWrite && (
            <div className="form-actions sticky-actions">
              <button type="submit" className="button button-primary" disabled={saving}>
                {saving ? 'Saving…' : survey === null ? 'Create survey' : 'Save survey'}
              </button>
              {problemCount > 0 && (
                <span className="problem-count">
                  {problemCount === 1 ? '1 problem to fix' : `${problemCount} problems to fix`}
                </span>
              )}
              {pending && <span className="muted">{pending}</span>}
              <span role="status" className="save-status">
                {status}
              </span>
            </div>
          )}
        </form>
        <aside className="builder-aside" aria-label="Preview">
          <SurveyPreview
            definition={def}
            language={edited}
            style={brand?.styleGuide ?? null}
            touchpointName={firstTouchpoint?.name ?? null}
          />
        </aside>
      </div>
    </BuilderProvider>
  );
}
