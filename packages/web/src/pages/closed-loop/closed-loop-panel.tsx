import {
  CASE_MESSAGE_TEMPLATES,
  type TCaseMessageTemplate,
  type TCaseStatus,
  type TFollowUp,
} from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { surveyEndpoints } from '../../api/survey-resources.js';
import { useCan } from '../../auth/session.js';
import {
  Field,
  FormActions,
  FormError,
  Loading,
  QueryError,
  useFormErrors,
} from '../../components/forms.js';
import { formatDateTime } from '../../components/page.js';
import { closedLoopEndpoints, closedLoopKeys } from './closed-loop-api.js';
import './closed-loop.css';

const TEMPLATE_LABELS: Record<TCaseMessageTemplate, string> = {
  apology: 'Apology',
  more_information: 'Ask for more information',
  resolved: 'Resolved',
};

const BLOCKED: Record<string, string> = {
  no_customer: 'This case has no customer to write to.',
  no_email: 'The customer has no e-mail address.',
  no_consent: 'The customer has not agreed to be contacted by e-mail.',
  opted_out: 'The customer unsubscribed from surveys and messages.',
};

function MessageForm({ caseId, onSent }: { caseId: string; onSent: () => Promise<void> }) {
  const [template, setTemplate] = useState<TCaseMessageTemplate | ''>('apology');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const errors = useFormErrors();
  const send = useMutation({
    mutationFn: () =>
      closedLoopEndpoints.sendMessage(caseId, {
        ...(template !== '' && { template }),
        ...(subject.trim() !== '' && { subject: subject.trim() }),
        ...(body.trim() !== '' && { body: body.trim() }),
      }),
    onSuccess: async () => {
      setSubject('');
      setBody('');
      errors.clear();
      await onSent();
    },
    onError: (error) => errors.fromError(error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    send.mutate();
  };
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="E-mail the customer">
      <h3>E-mail the customer</h3>
      <FormError message={errors.message} />
      <Field label="Template" hint="Its text is used where subject or message is left empty">
        {(props) => (
          <select
            {...props}
            value={template}
            onChange={(e) => setTemplate(e.target.value as TCaseMessageTemplate | '')}
          >
            <option value="">None (write it all)</option>
            {CASE_MESSAGE_TEMPLATES.map((t) => (
              <option key={t} value={t}>
                {TEMPLATE_LABELS[t]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Subject" error={errors.fields['body.subject']}>
        {(props) => (
          <input {...props} value={subject} onChange={(e) => setSubject(e.target.value)} />
        )}
      </Field>
      <Field
        label="Message"
        hint="Plain text; the brand's colours and logo are added"
        error={errors.fields['body.body']}
      >
        {(props) => (
          <textarea {...props} rows={6} value={body} onChange={(e) => setBody(e.target.value)} />
        )}
      </Field>
      <FormActions>
        <button type="submit" className="button button-primary" disabled={send.isPending}>
          {send.isPending ? 'Sending…' : 'Send e-mail'}
        </button>
      </FormActions>
    </form>
  );
}

function FollowUpForm({
  caseId,
  defaultSurveyId,
  onSent,
}: {
  caseId: string;
  defaultSurveyId: string | null;
  onSent: () => Promise<void>;
}) {
  const surveys = useQuery({
    queryKey: closedLoopKeys.surveys,
    queryFn: surveyEndpoints.allSurveys,
  });
  const [surveyId, setSurveyId] = useState(defaultSurveyId ?? '');
  const errors = useFormErrors();
  const send = useMutation({
    mutationFn: () => closedLoopEndpoints.sendFollowUp(caseId, surveyId === '' ? {} : { surveyId }),
    onSuccess: async () => {
      errors.clear();
      await onSent();
    },
    onError: (error) => errors.fromError(error),
  });
  const live = (surveys.data ?? []).filter((s) => s.status === 'live');
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        send.mutate();
      }}
      noValidate
      aria-label="Send a follow-up survey"
    >
      <h3>Follow-up survey</h3>
      <FormError message={errors.message} />
      <Field label="Survey" error={errors.fields['body.surveyId'] ?? errors.fields['surveyId']}>
        {(props) => (
          <select {...props} value={surveyId} onChange={(e) => setSurveyId(e.target.value)}>
            <option value="">The default follow-up survey</option>
            {live.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FormActions>
        <button type="submit" className="button" disabled={send.isPending}>
          {send.isPending ? 'Sending…' : 'Send follow-up survey'}
        </button>
      </FormActions>
    </form>
  );
}

function outcome(f: TFollowUp): string {
  if (f.status !== 'answered') {
    return f.deliveryStatus === 'skipped' || f.deliveryStatus === 'failed'
      ? `Not delivered (${f.deliveryStatus})`
      : 'Waiting for the answer';
  }
  const before =
    f.originalScore === null ? '' : `${f.originalScore} (${f.originalCategory ?? '—'}) → `;
  const after = f.score === null ? 'no score' : `${f.score} (${f.category ?? '—'})`;
  const verdict =
    f.recovered === true ? ' · recovered' : f.recovered === false ? ' · not recovered' : '';
  return `${before}${after}${verdict}`;
}

/**
 * Closing the loop on a case: e-mail the customer, send the follow-up survey once resolved, and
 * what came of both.
 */
export function ClosedLoopPanel({ caseId, status }: { caseId: string; status: TCaseStatus }) {
  const canWrite = useCan('cases:write');
  const client = useQueryClient();
  const loop = useQuery({
    queryKey: closedLoopKeys.ofCase(caseId),
    queryFn: () => closedLoopEndpoints.ofCase(caseId),
  });
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: closedLoopKeys.ofCase(caseId) });
    await client.invalidateQueries({ queryKey: ['cases'] });
  };
  const resolved = status === 'resolved' || status === 'closed';
  return (
    <section className="card stack" aria-labelledby="closed-loop">
      <h2 id="closed-loop">Closing the loop</h2>
      {loop.isPending && <Loading what="Loading messages and follow-ups" />}
      {loop.isError && <QueryError error={loop.error} />}
      {loop.data && (
        <>
          {loop.data.messages.length > 0 && (
            <ul className="loop-list" aria-label="E-mails to the customer">
              {loop.data.messages.map((m) => (
                <li key={m.id}>
                  <strong>{m.subject}</strong> · {m.status}
                  {m.sentAt && ` ${formatDateTime(m.sentAt)}`}
                  {m.lastError && <span className="muted"> ({m.lastError})</span>}
                </li>
              ))}
            </ul>
          )}
          {loop.data.followUps.length > 0 && (
            <ul className="loop-list" aria-label="Follow-up surveys">
              {loop.data.followUps.map((f) => (
                <li key={f.id}>
                  Follow-up sent {formatDateTime(f.sentAt)}: {outcome(f)}
                </li>
              ))}
            </ul>
          )}
          {loop.data.contactBlockedBy !== null ? (
            <p className="muted">
              {BLOCKED[loop.data.contactBlockedBy] ?? loop.data.contactBlockedBy}
            </p>
          ) : (
            canWrite && (
              <>
                <MessageForm caseId={caseId} onSent={refresh} />
                {resolved ? (
                  <FollowUpForm
                    caseId={caseId}
                    defaultSurveyId={loop.data.defaultFollowUpSurveyId}
                    onSent={refresh}
                  />
                ) : (
                  <p className="muted">A follow-up survey can be sent once the case is resolved.</p>
                )}
              </>
            )
          )}
        </>
      )}
    </section>
  );
}
