import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { TRequestBody, TResponseBody } from '../../api/openapi-types.js';
import {
  Field,
  FormActions,
  FormError,
  Loading,
  QueryError,
  useFormErrors,
} from '../../components/forms.js';
import { formatDateTime } from '../../components/page.js';

type TSetting = TRequestBody<'put', '/api/digest-subscription'>;
type TSubscription = TResponseBody<'get', '/api/digest-subscription'>;

const KEY = ['digest-subscription'] as const;
const DAYS: { value: TSetting['dayOfWeek']; label: string }[] = [
  { value: 'monday', label: 'Monday' },
  { value: 'tuesday', label: 'Tuesday' },
  { value: 'wednesday', label: 'Wednesday' },
  { value: 'thursday', label: 'Thursday' },
  { value: 'friday', label: 'Friday' },
  { value: 'saturday', label: 'Saturday' },
  { value: 'sunday', label: 'Sunday' },
];
const HOURS = Array.from({ length: 24 }, (_, h) => h);

function settingOf(s: TSubscription): TSetting {
  return { enabled: s.enabled, dayOfWeek: s.dayOfWeek, hourUtc: s.hourUtc, scope: s.scope };
}

/** The weekly e-mail digest of the scorecard and open alerts: on or off, when, and for what. */
export function DigestSubscription() {
  const current = useQuery({
    queryKey: KEY,
    queryFn: () => api.get('/api/digest-subscription'),
  });
  if (current.isPending) return <Loading what="Loading your weekly digest" />;
  if (current.isError) return <QueryError error={current.error} />;
  return <DigestForm saved={current.data} />;
}

function DigestForm({ saved }: { saved: TSubscription }) {
  const client = useQueryClient();
  const errors = useFormErrors();
  const [draft, setDraft] = useState<TSetting>(() => settingOf(saved));
  const save = useMutation({
    mutationFn: (body: TSetting) => api.put('/api/digest-subscription', { body }),
    onMutate: () => errors.clear(),
    onSuccess: (next) => client.setQueryData(KEY, next),
    onError: (error) => errors.fromError(error),
  });
  const preview = useMutation({
    mutationFn: () => api.post('/api/digest-subscription/preview'),
  });
  const change = (patch: Partial<TSetting>) => {
    save.reset();
    setDraft((d) => ({ ...d, ...patch }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };
  const shown = save.data ?? saved;
  return (
    <section className="card stack" aria-labelledby="digest-title">
      <h2 id="digest-title">Weekly digest</h2>
      <p className="muted">
        Once a week by e-mail: NPS, CSAT and CES of the last 7 days against the 7 before (with
        significant changes marked), the open alerts and your open cases, with links to the
        dashboard.
      </p>
      <form className="stack digest-form" onSubmit={submit} aria-label="Weekly digest">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => change({ enabled: e.target.checked })}
          />{' '}
          Send me the weekly digest
        </label>
        <div className="filter-row">
          <Field label="Day" error={errors.fields['dayOfWeek']}>
            {(props) => (
              <select
                {...props}
                value={draft.dayOfWeek}
                onChange={(e) => change({ dayOfWeek: e.target.value as TSetting['dayOfWeek'] })}
              >
                {DAYS.map((d) => (
                  <option key={d.value} value={d.value}>
                    {d.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Hour (UTC)" error={errors.fields['hourUtc']}>
            {(props) => (
              <select
                {...props}
                value={draft.hourUtc}
                onChange={(e) => change({ hourUtc: Number(e.target.value) })}
              >
                {HOURS.map((h) => (
                  <option key={h} value={h}>
                    {`${String(h).padStart(2, '0')}:00 UTC`}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Covering" error={errors.fields['scope']}>
            {(props) => (
              <select
                {...props}
                value={draft.scope}
                onChange={(e) => change({ scope: e.target.value as TSetting['scope'] })}
              >
                <option value="organization">The whole organization</option>
                <option value="teams">My teams&rsquo; touchpoints</option>
              </select>
            )}
          </Field>
        </div>
        <FormError message={errors.message} />
        <FormActions>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            Save
          </button>
          <button
            type="button"
            className="button"
            onClick={() => preview.mutate()}
            disabled={preview.isPending}
          >
            Send me a preview now
          </button>
        </FormActions>
      </form>
      <p role="status" className="muted digest-status">
        {save.isSuccess &&
          (shown.enabled && shown.nextSendAt
            ? `Saved. The next digest goes out ${formatDateTime(shown.nextSendAt)}.`
            : 'Saved. No weekly digest will be sent.')}
        {!save.isSuccess &&
          shown.enabled &&
          shown.nextSendAt &&
          `On: the next digest goes out ${formatDateTime(shown.nextSendAt)}.`}
        {!save.isSuccess && !shown.enabled && 'Off.'}
        {shown.lastSentAt && ` Last sent ${formatDateTime(shown.lastSentAt)}.`}
      </p>
      <p role="status" className="muted">
        {preview.isSuccess && `A preview is on its way to ${preview.data.to}.`}
      </p>
      <FormError message={preview.isError ? preview.error.message : null} />
    </section>
  );
}
