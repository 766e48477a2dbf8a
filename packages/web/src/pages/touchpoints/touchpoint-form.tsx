import {
  CHANNELS,
  PROVIDER_TYPES,
  SENSES,
  type TJourney,
  type TTeam,
  type TTouchpoint,
} from '@touchstone/core';
import type { FormEvent, ReactNode } from 'react';
import { Field, FormError, type TFieldErrors } from '../../components/forms.js';
import { humanize } from '../../components/page.js';

type TChannel = TTouchpoint['channel'];
type TProviderType = TTouchpoint['providerType'];
type TSense = TTouchpoint['senses'][number];

/** The editable fields of a touchpoint. */
export interface TTouchpointDraft {
  key: string;
  name: string;
  description: string;
  stageId: string;
  channel: TChannel;
  providerType: TProviderType;
  senses: TSense[];
  ownerTeamId: string | null;
  archived: boolean;
}

interface TProps {
  draft: TTouchpointDraft;
  onChange: (draft: TTouchpointDraft) => void;
  onSubmit: () => void;
  journey: TJourney;
  teams: TTeam[];
  errors: { message: string | null; fields: TFieldErrors };
  disabled: boolean;
  /** Editing an existing touchpoint (offers archiving) rather than creating one. */
  existing: boolean;
  submitLabel: string;
  /** False for roles that may not write: the form is shown read-only, without buttons. */
  canSubmit?: boolean;
  /** Shown after the submit button: a cancel link, a saved notice. */
  children?: ReactNode;
}

/** Create or edit a touchpoint: identity, where it sits in the journey, and how it is experienced. */
export function TouchpointForm(props: TProps) {
  const { draft, onChange, journey, teams, errors, disabled, existing } = props;
  const set = <K extends keyof TTouchpointDraft>(key: K, value: TTouchpointDraft[K]) =>
    onChange({ ...draft, [key]: value });
  const stages = [...journey.stages].sort((a, b) => a.position - b.position);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  const toggleSense = (sense: TSense, on: boolean) =>
    set(
      'senses',
      on
        ? SENSES.filter((s) => s === sense || draft.senses.includes(s))
        : draft.senses.filter((s) => s !== sense),
    );

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Touchpoint">
      <FormError message={errors.message} />
      <fieldset>
        <legend>Touchpoint</legend>
        <div className="two-columns">
          <Field label="Name" error={errors.fields['name']}>
            {(p) => (
              <input
                {...p}
                name="name"
                value={draft.name}
                disabled={disabled}
                onChange={(e) => set('name', e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Key"
            hint="Used in imports, links and QR codes: lower-case letters, digits, - and _"
            error={errors.fields['key']}
          >
            {(p) => (
              <input
                {...p}
                name="key"
                value={draft.key}
                disabled={disabled}
                spellCheck={false}
                autoCapitalize="off"
                onChange={(e) => set('key', e.target.value)}
              />
            )}
          </Field>
        </div>
        <Field label="Description" error={errors.fields['description']}>
          {(p) => (
            <textarea
              {...p}
              rows={3}
              value={draft.description}
              disabled={disabled}
              onChange={(e) => set('description', e.target.value)}
            />
          )}
        </Field>
      </fieldset>
      <fieldset>
        <legend>Place and provider</legend>
        <div className="three-columns">
          <Field label="Stage" error={errors.fields['stageId']}>
            {(p) => (
              <select
                {...p}
                name="stageId"
                value={draft.stageId}
                disabled={disabled}
                onChange={(e) => set('stageId', e.target.value)}
              >
                {stages.map((s, i) => (
                  <option key={s.id} value={s.id}>
                    {i + 1}. {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Channel" error={errors.fields['channel']}>
            {(p) => (
              <select
                {...p}
                name="channel"
                value={draft.channel}
                disabled={disabled}
                onChange={(e) => set('channel', e.target.value as TChannel)}
              >
                {CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {humanize(c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Experience provider" error={errors.fields['providerType']}>
            {(p) => (
              <select
                {...p}
                name="providerType"
                value={draft.providerType}
                disabled={disabled}
                onChange={(e) => set('providerType', e.target.value as TProviderType)}
              >
                {PROVIDER_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {humanize(t)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <fieldset className="checkbox-group">
          <legend>Senses it engages</legend>
          {SENSES.map((sense) => (
            <label key={sense} className="checkbox">
              <input
                type="checkbox"
                name="senses"
                value={sense}
                checked={draft.senses.includes(sense)}
                disabled={disabled}
                onChange={(e) => toggleSense(sense, e.target.checked)}
              />
              {humanize(sense)}
            </label>
          ))}
          {errors.fields['senses'] && <p className="field-error">{errors.fields['senses']}</p>}
        </fieldset>
        <Field label="Owning team" error={errors.fields['ownerTeamId']}>
          {(p) => (
            <select
              {...p}
              name="ownerTeamId"
              value={draft.ownerTeamId ?? ''}
              disabled={disabled}
              onChange={(e) => set('ownerTeamId', e.target.value === '' ? null : e.target.value)}
            >
              <option value="">No team</option>
              {teams
                .filter((t) => !t.archived || t.id === draft.ownerTeamId)
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
            </select>
          )}
        </Field>
        {existing && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.archived}
              disabled={disabled}
              onChange={(e) => set('archived', e.target.checked)}
            />
            Archived (kept for history and reports)
          </label>
        )}
      </fieldset>
      {props.canSubmit !== false && (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={disabled}>
            {props.submitLabel}
          </button>
          {props.children}
        </div>
      )}
    </form>
  );
}
