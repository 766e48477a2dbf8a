import type { TCaseActivity, TCaseDetail, TCaseStatus } from '@touchstone/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field, FormError, useFormErrors } from '../../components/forms.js';
import { formatDateTime, humanize } from '../../components/page.js';
import { STATUS_LABELS, caseEndpoints, caseKeys } from './cases-api.js';

function actorName(a: TCaseActivity): string {
  if (a.actor.name !== null) return a.actor.name;
  if (a.actor.type === 'rule') return 'A rule';
  if (a.actor.type === 'customer') return 'The customer';
  return 'Touchstone';
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '—';
}

function statusLabel(value: unknown): string {
  return typeof value === 'string' && value in STATUS_LABELS
    ? STATUS_LABELS[value as TCaseStatus]
    : text(value);
}

/** One entry in words; kinds written by other capabilities show their body. */
function describe(a: TCaseActivity): string {
  const d = a.data;
  switch (a.kind) {
    case 'created':
      return 'opened the case';
    case 'note':
      return 'added a note';
    case 'status_changed':
      return `moved it from ${statusLabel(d['from'])} to ${statusLabel(d['to'])}`;
    case 'priority_changed':
      return `set the priority to ${text(d['to'])}`;
    case 'team_changed':
      return 'moved it to another team';
    case 'assignee_changed':
      return d['to'] === null ? 'unassigned it' : 'assigned it';
    case 'code_changed':
      return `set the ${d['field'] === 'rootCauseCodeId' ? 'root cause' : 'resolution'} code`;
    case 'sla_breached':
      return 'recorded a missed SLA target';
    default:
      return humanize(a.kind);
  }
}

/** The case's timeline, oldest first, and the form that adds a note. */
export function CaseTimeline({ c, canWrite }: { c: TCaseDetail; canWrite: boolean }) {
  const [body, setBody] = useState('');
  const errors = useFormErrors();
  const client = useQueryClient();
  const add = useMutation({
    mutationFn: () => caseEndpoints.addNote(c.id, body),
    onSuccess: async () => {
      setBody('');
      await client.invalidateQueries({ queryKey: caseKeys.one(c.id) });
    },
    onError: (error) => errors.fromError(error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    if (body.trim() === '') {
      errors.fromError(new Error('Write the note first.'));
      return;
    }
    add.mutate();
  };
  return (
    <section className="card" aria-label="Timeline">
      <h2>Timeline</h2>
      <ol className="case-timeline">
        {c.timeline.map((a) => (
          <li key={a.id}>
            <strong>{actorName(a)}</strong> {describe(a)}{' '}
            <span className="muted">{formatDateTime(a.createdAt)}</span>
            {a.body !== '' && <p className="note-body">{a.body}</p>}
          </li>
        ))}
      </ol>
      {canWrite && (
        <form className="stack" onSubmit={submit} noValidate aria-label="Add a note">
          <FormError message={errors.message} />
          <Field label="Note" error={errors.fields['body']}>
            {(p) => (
              <textarea {...p} rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button" disabled={add.isPending}>
              Add note
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
