import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { surveyEndpoints } from '../../api/survey-resources.js';
import { Field, FormActions, FormError, useFormErrors } from '../../components/forms.js';
import { closedLoopEndpoints, closedLoopKeys } from './closed-loop-api.js';

/** The organization's default follow-up survey, which a case's follow-up uses unless told. */
export function FollowUpSettings() {
  const client = useQueryClient();
  const settings = useQuery({
    queryKey: closedLoopKeys.settings,
    queryFn: closedLoopEndpoints.settings,
  });
  const surveys = useQuery({
    queryKey: closedLoopKeys.surveys,
    queryFn: surveyEndpoints.allSurveys,
  });
  const [choice, setChoice] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors();
  const current = choice ?? settings.data?.followUpSurveyId ?? '';
  const save = useMutation({
    mutationFn: () =>
      closedLoopEndpoints.putSettings({ followUpSurveyId: current === '' ? null : current }),
    onSuccess: async () => {
      setSaved(true);
      await client.invalidateQueries({ queryKey: closedLoopKeys.settings });
    },
    onError: (error) => errors.fromError(error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    setSaved(false);
    save.mutate();
  };
  const live = (surveys.data ?? []).filter((s) => s.status === 'live');
  return (
    <form className="card stack" onSubmit={submit} noValidate aria-label="Follow-up survey">
      <h2>Follow-up survey</h2>
      <FormError message={errors.message} />
      <Field
        label="Default follow-up survey"
        hint="Sent to the customer of a resolved case when the agent names none; short, with an NPS question"
        error={errors.fields['body.followUpSurveyId']}
      >
        {(props) => (
          <select
            {...props}
            value={current}
            onChange={(e) => {
              setChoice(e.target.value);
              setSaved(false);
            }}
          >
            <option value="">None</option>
            {live.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FormActions>
        <button type="submit" className="button" disabled={save.isPending}>
          Save
        </button>
        {saved && (
          <span role="status" className="muted">
            Saved.
          </span>
        )}
      </FormActions>
    </form>
  );
}
