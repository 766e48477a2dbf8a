import { SURVEY_KINDS, type TBrand, type TSurvey, type TTouchpoint } from '@touchstone/core';
import { Field, type TFieldErrors } from '../forms.js';
import { humanize } from '../page.js';
import { FieldIssue } from './builder-context.js';
import type { TBuilderDraft } from './builder-state.js';
import { issuesUnder } from './definition-texts.js';

type TStatus = TSurvey['status'];

/** Status changes the server allows: a draft goes live, live closes, closed reopens. */
const NEXT_STATUSES: Record<TStatus, readonly TStatus[]> = {
  draft: ['live'],
  live: ['closed'],
  closed: ['live'],
};

const STATUS_HINTS: Record<TStatus, string> = {
  draft: 'Only you see it: the link answers “not found” until it is live.',
  live: 'The link, QR codes, widget and e-mails accept responses.',
  closed: 'No new responses; the link says the survey is closed.',
};

interface TProps {
  draft: TBuilderDraft;
  /** The stored status (what the status may change to), or null for a new survey. */
  storedStatus: TStatus | null;
  onChange: (patch: Partial<TBuilderDraft>) => void;
  touchpoints: TTouchpoint[];
  brands: TBrand[];
  errors: TFieldErrors;
  disabled: boolean;
}

/** Name, kind, status, brand and touchpoints of a survey. */
export function SurveySettings({
  draft,
  storedStatus,
  onChange,
  touchpoints,
  brands,
  errors,
  disabled,
}: TProps) {
  const statuses: TStatus[] =
    storedStatus === null ? ['draft', 'live'] : [storedStatus, ...NEXT_STATUSES[storedStatus]];
  const toggleTouchpoint = (id: string, on: boolean) =>
    onChange({
      touchpointIds: on
        ? [...draft.touchpointIds, id]
        : draft.touchpointIds.filter((t) => t !== id),
    });
  const shownTouchpoints = touchpoints.filter(
    (t) => !t.archived || draft.touchpointIds.includes(t.id),
  );
  return (
    <fieldset>
      <legend>Survey</legend>
      <Field label="Name" error={errors['name']} hint="For your team; respondents see the title.">
        {(p) => (
          <input
            {...p}
            value={draft.name}
            disabled={disabled}
            onChange={(e) => onChange({ name: e.target.value })}
          />
        )}
      </Field>
      <div className="three-columns">
        <Field label="Kind" error={errors['kind']}>
          {(p) => (
            <select
              {...p}
              value={draft.kind}
              disabled={disabled}
              onChange={(e) => onChange({ kind: e.target.value as TSurvey['kind'] })}
            >
              {SURVEY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {humanize(k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Status" error={errors['status']} hint={STATUS_HINTS[draft.status]}>
          {(p) => (
            <select
              {...p}
              value={draft.status}
              disabled={disabled}
              onChange={(e) => onChange({ status: e.target.value as TStatus })}
            >
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Brand"
          error={errors['brandId']}
          hint="Its colours and logo style the survey."
        >
          {(p) => (
            <select
              {...p}
              value={draft.brandId ?? ''}
              disabled={disabled}
              onChange={(e) => onChange({ brandId: e.target.value || null })}
            >
              <option value="">No brand (default look)</option>
              {brands
                .filter((b) => !b.archived || b.id === draft.brandId)
                .map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset className="touchpoint-picker">
        <legend>Touchpoints</legend>
        <p className="field-hint">
          Where the survey is asked; each gets its own QR code and link on the distribution page.
        </p>
        <FieldIssue message={issuesUnder(errors, 'touchpointIds')[0]} />
        {shownTouchpoints.length === 0 ? (
          <p className="muted">No touchpoints yet: add them to a journey first.</p>
        ) : (
          <ul>
            {shownTouchpoints.map((t) => (
              <li key={t.id}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.touchpointIds.includes(t.id)}
                    disabled={disabled}
                    onChange={(e) => toggleTouchpoint(t.id, e.target.checked)}
                  />
                  {t.name}
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
    </fieldset>
  );
}
