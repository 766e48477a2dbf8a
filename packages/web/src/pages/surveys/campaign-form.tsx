import type { TSurvey, TTouchpoint } from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client.js';
import { endpoints, keys } from '../../api/resources.js';
import { surveyEndpoints, surveyKeys, type TCampaign } from '../../api/survey-resources.js';
import { Field, FormError, useFormErrors } from '../../components/forms.js';
import { formatDateTime } from '../../components/page.js';
import { AttributeFilters, attrParams } from '../customers/attribute-filters.js';

const DEFAULT_REMINDER_DAYS = 3;

/** `datetime-local` value → ISO instant (in the browser's time zone), or null. */
function instantOf(local: string): string | null {
  if (local === '') return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** What a send did, in words. */
export function campaignOutcome(c: TCampaign): string {
  if (c.status === 'scheduled') {
    return `Scheduled for ${formatDateTime(c.scheduledAt)}.`;
  }
  const skipped = Object.values(c.counts.skipped).reduce((a, b) => a + b, 0);
  return `Invited ${c.counts.eligible} ${c.counts.eligible === 1 ? 'customer' : 'customers'}; ${skipped} skipped (no e-mail, no consent, opted out or contacted recently).`;
}

/**
 * A new e-mail campaign: who (everyone who may be e-mailed, or a segment by attributes), the
 * message, reminders, and when. The server skips customers without consent, opted out, or
 * invited too recently, and counts them.
 */
export function CampaignForm({
  survey,
  touchpoints,
}: {
  survey: TSurvey;
  touchpoints: TTouchpoint[];
}) {
  const language = survey.definition.defaultLanguage;
  const [name, setName] = useState(`${survey.name}: ${new Date().toLocaleDateString()}`);
  const [subject, setSubject] = useState('');
  const [intro, setIntro] = useState('');
  const [audience, setAudience] = useState<'all' | 'segment'>('all');
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [touchpointId, setTouchpointId] = useState('');
  const [reminderDays, setReminderDays] = useState(String(DEFAULT_REMINDER_DAYS));
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [later, setLater] = useState('');
  const [done, setDone] = useState('');
  const errors = useFormErrors();
  const client = useQueryClient();
  const attributeKeys = useQuery({
    queryKey: keys.attributeKeys('customer'),
    queryFn: () => endpoints.attributeKeys('customer'),
  });
  const attached = touchpoints.filter((t) => survey.touchpointIds.includes(t.id));

  const send = useMutation({
    mutationFn: async () => {
      const scheduledAt = when === 'later' ? instantOf(later) : null;
      const campaign = await surveyEndpoints.createCampaign({
        name: name.trim(),
        surveyId: survey.id,
        audience: { type: 'segment', attr: audience === 'segment' ? attrParams(filters) : [] },
        touchpointId: touchpointId || null,
        messages: { [language]: { subject: subject.trim(), intro } },
        reminderDays: Number(reminderDays),
        scheduledAt,
      });
      return surveyEndpoints.sendCampaign(campaign.id, scheduledAt ?? undefined);
    },
    onSuccess: (campaign) => {
      setDone(campaignOutcome(campaign));
      setSubject('');
      setIntro('');
    },
    onError: (error) => errors.fromError(error),
    // A campaign stored but not sent (no SMTP, survey not live) is listed as a draft.
    onSettled: () => client.invalidateQueries({ queryKey: surveyKeys.campaigns(survey.id) }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    setDone('');
    const problems: { field: string; message: string }[] = [];
    if (name.trim() === '') problems.push({ field: 'name', message: 'give the campaign a name' });
    if (subject.trim() === '') {
      problems.push({ field: `messages.${language}.subject`, message: 'write a subject line' });
    }
    const days = Number(reminderDays);
    if (!Number.isInteger(days) || days < 0 || days > 60) {
      problems.push({ field: 'reminderDays', message: 'a whole number of days, 0 to 60' });
    }
    if (when === 'later' && instantOf(later) === null) {
      problems.push({ field: 'scheduledAt', message: 'choose the date and time to send' });
    }
    if (problems.length > 0) {
      return errors.fromError(
        new ApiError(0, 'invalid', 'Please correct the highlighted fields.', problems),
      );
    }
    send.mutate();
  };

  return (
    <form
      className="stack campaign-form"
      onSubmit={submit}
      noValidate
      aria-label="New e-mail campaign"
    >
      <FormError message={errors.message} />
      <div className="two-columns">
        <Field label="Campaign name" error={errors.fields['name']}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Subject" error={errors.fields[`messages.${language}.subject`]}>
          {(p) => (
            <input
              {...p}
              value={subject}
              placeholder="How was your stay?"
              onChange={(e) => setSubject(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field
        label="Message above the button"
        hint="The survey’s title and your brand frame it; a personal link and an unsubscribe link are added."
        error={errors.fields[`messages.${language}.intro`]}
      >
        {(p) => (
          <textarea {...p} rows={3} value={intro} onChange={(e) => setIntro(e.target.value)} />
        )}
      </Field>
      <fieldset>
        <legend>Audience</legend>
        <label className="checkbox">
          <input
            type="radio"
            name="audience"
            checked={audience === 'all'}
            onChange={() => setAudience('all')}
          />
          All customers who agreed to e-mail
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name="audience"
            checked={audience === 'segment'}
            onChange={() => setAudience('segment')}
          />
          A segment
        </label>
        {errors.fields['audience.attr'] && (
          <p className="field-error">{errors.fields['audience.attr']}</p>
        )}
        {audience === 'segment' && attributeKeys.data && (
          <AttributeFilters
            attributeKeys={attributeKeys.data}
            values={filters}
            onChange={setFilters}
          />
        )}
      </fieldset>
      <div className="three-columns">
        <Field
          label="Touchpoint"
          error={errors.fields['touchpointId']}
          hint="Ties the responses to it."
        >
          {(p) => (
            <select {...p} value={touchpointId} onChange={(e) => setTouchpointId(e.target.value)}>
              <option value="">None</option>
              {attached.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Reminder after (days)"
          hint="To those who have not answered; 0 for none."
          error={errors.fields['reminderDays']}
        >
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              max={60}
              value={reminderDays}
              onChange={(e) => setReminderDays(e.target.value)}
            />
          )}
        </Field>
        <fieldset className="schedule">
          <legend>Send</legend>
          <label className="checkbox">
            <input
              type="radio"
              name="when"
              checked={when === 'now'}
              onChange={() => setWhen('now')}
            />
            Now
          </label>
          <label className="checkbox">
            <input
              type="radio"
              name="when"
              checked={when === 'later'}
              onChange={() => setWhen('later')}
            />
            Later
          </label>
          {when === 'later' && (
            <Field label="Send at" error={errors.fields['scheduledAt']}>
              {(p) => (
                <input
                  {...p}
                  type="datetime-local"
                  value={later}
                  onChange={(e) => setLater(e.target.value)}
                />
              )}
            </Field>
          )}
        </fieldset>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={send.isPending}>
          {send.isPending ? 'Sending…' : when === 'now' ? 'Send campaign' : 'Schedule campaign'}
        </button>
        <span role="status">{done}</span>
      </div>
    </form>
  );
}
