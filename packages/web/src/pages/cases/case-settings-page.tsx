import {
  CASE_PRIORITIES,
  ZCaseCodeCreate,
  type TCaseCode,
  type TCaseCodeKind,
  type TCaseSlaPolicy,
} from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useCan } from '../../auth/session.js';
import { Field, FormError, Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page, humanize } from '../../components/page.js';
import { caseEndpoints, caseKeys } from './cases-api.js';
import './cases.css';

const KIND_LABELS: Record<TCaseCodeKind, string> = {
  root_cause: 'Root causes',
  resolution: 'Resolutions',
};

/** `/settings/cases`: the root-cause and resolution codes, and the SLA targets by priority. */
export function CaseSettingsPage() {
  const canAdmin = useCan('cases:admin');
  return (
    <Page
      title="Case settings"
      lead="The codes agents give a case's cause and resolution, and how long each priority may wait."
    >
      <SlaPolicies canAdmin={canAdmin} />
      <div className="two-columns">
        <CodeList kind="root_cause" canAdmin={canAdmin} />
        <CodeList kind="resolution" canAdmin={canAdmin} />
      </div>
    </Page>
  );
}

function CodeList({ kind, canAdmin }: { kind: TCaseCodeKind; canAdmin: boolean }) {
  const client = useQueryClient();
  const codes = useQuery({ queryKey: caseKeys.codes, queryFn: caseEndpoints.codes });
  const errors = useFormErrors();
  const [label, setLabel] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: caseKeys.codes });
  const create = useMutation({
    mutationFn: caseEndpoints.createCode,
    onSuccess: async () => {
      setLabel('');
      await refresh();
    },
    onError: (error) => errors.fromError(error),
  });
  const change = useMutation({
    mutationFn: ({ code, archived }: { code: TCaseCode; archived: boolean }) =>
      caseEndpoints.updateCode(code.id, { archived }),
    onSuccess: refresh,
    onError: (error) => errors.fromError(error),
  });
  const remove = useMutation({
    mutationFn: (code: TCaseCode) => caseEndpoints.removeCode(code.id),
    onSuccess: refresh,
    onError: (error) => errors.fromError(error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    const parsed = ZCaseCodeCreate.safeParse({ kind, label });
    if (!parsed.success) return errors.fromZod(parsed.error);
    create.mutate(parsed.data);
  };
  const items = (codes.data?.items ?? []).filter((c) => c.kind === kind);
  return (
    <section className="card" aria-label={KIND_LABELS[kind]}>
      <h2>{KIND_LABELS[kind]}</h2>
      <FormError message={errors.message} />
      {codes.isPending && <Loading what="Loading codes" />}
      {codes.isError && <QueryError error={codes.error} />}
      {codes.data && items.length === 0 && <p className="empty">No codes yet.</p>}
      <ul className="link-list">
        {items.map((code) => (
          <li key={code.id} className={code.archived ? 'archived' : undefined}>
            {code.label}
            {code.archived && <span className="badge">archived</span>}
            {canAdmin && (
              <span className="inline-controls">
                <button
                  type="button"
                  className="button"
                  onClick={() => change.mutate({ code, archived: !code.archived })}
                >
                  {code.archived ? 'Restore' : 'Archive'}
                </button>
                <button type="button" className="button" onClick={() => remove.mutate(code)}>
                  Delete
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {canAdmin && (
        <form className="inline-form" onSubmit={submit} noValidate aria-label={`New ${kind} code`}>
          <Field label="New code" error={errors.fields['label']}>
            {(p) => <input {...p} value={label} onChange={(e) => setLabel(e.target.value)} />}
          </Field>
          <button type="submit" className="button" disabled={create.isPending}>
            Add
          </button>
        </form>
      )}
    </section>
  );
}

function SlaPolicies({ canAdmin }: { canAdmin: boolean }) {
  const policies = useQuery({ queryKey: caseKeys.sla, queryFn: caseEndpoints.slaPolicies });
  return (
    <section className="card" aria-label="SLA targets">
      <h2>SLA targets</h2>
      <p className="muted">
        Minutes from the opening of a case; time spent pending does not count. Changes apply to
        cases opened from now on.
      </p>
      {policies.isPending && <Loading what="Loading SLA targets" />}
      {policies.isError && <QueryError error={policies.error} />}
      {policies.data && <SlaForm initial={policies.data.items} canAdmin={canAdmin} />}
    </section>
  );
}

function SlaForm({ initial, canAdmin }: { initial: TCaseSlaPolicy[]; canAdmin: boolean }) {
  const client = useQueryClient();
  const errors = useFormErrors();
  const [rows, setRows] = useState(initial);
  const save = useMutation({
    mutationFn: () => caseEndpoints.putSlaPolicies({ items: rows }),
    onSuccess: (saved) => {
      errors.clear();
      client.setQueryData(caseKeys.sla, saved);
    },
    onError: (error) => errors.fromError(error),
  });
  const set = (priority: string, field: 'firstResponseMinutes' | 'resolutionMinutes', v: string) =>
    setRows((current) =>
      current.map((r) => (r.priority === priority ? { ...r, [field]: Number(v) } : r)),
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const ordered = CASE_PRIORITIES.map((p) => rows.find((r) => r.priority === p)).filter(
    (r) => r !== undefined,
  );
  return (
    <form onSubmit={submit} noValidate aria-label="SLA targets">
      <FormError message={errors.message} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Priority</th>
            <th scope="col">First response (minutes)</th>
            <th scope="col">Resolution (minutes)</th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((r) => (
            <tr key={r.priority}>
              <th scope="row">{humanize(r.priority)}</th>
              {(['firstResponseMinutes', 'resolutionMinutes'] as const).map((field) => (
                <td key={field}>
                  <input
                    type="number"
                    min={1}
                    aria-label={`${humanize(r.priority)} ${field === 'firstResponseMinutes' ? 'first response' : 'resolution'} minutes`}
                    value={r[field]}
                    disabled={!canAdmin}
                    onChange={(e) => set(r.priority, field, e.target.value)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {canAdmin && (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            Save targets
          </button>
        </div>
      )}
    </form>
  );
}
