import { ZApiKeyCreate, type TApiKey, type TRole } from '@touchstone/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { endpoints, keys, type TApiKeyCreated } from '../../api/resources.js';
import { useCan, useSession } from '../../auth/session.js';
import { CopyButton } from '../../components/copy-button.js';
import { Field, FormError, Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page, formatDateTime, humanize } from '../../components/page.js';
import { Pager, useCursorPager } from '../../components/pager.js';
import { ROLE_SUMMARY, RoleSelect } from './role-select.js';

function NewKeyForm({
  onCreated,
  onCancel,
}: {
  onCreated: (key: TApiKeyCreated) => void;
  onCancel: () => void;
}) {
  const session = useSession();
  const [name, setName] = useState('');
  const [role, setRole] = useState<TRole>('analyst');
  const errors = useFormErrors();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: endpoints.createApiKey,
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: keys.apiKeys });
      onCreated(created);
    },
    onError: (error) => errors.fromError(error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    const parsed = ZApiKeyCreate.safeParse({ name, role });
    if (!parsed.success) return errors.fromZod(parsed.error);
    create.mutate(parsed.data);
  };
  return (
    <form className="card stack" onSubmit={submit} noValidate aria-label="New API key">
      <h2>New API key</h2>
      <FormError message={errors.message} />
      <div className="two-columns">
        <Field label="Name" hint="What uses it, e.g. CRM sync" error={errors.fields['name']}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoFocus />}
        </Field>
        <Field label="Role" hint={ROLE_SUMMARY[role]} error={errors.fields['role']}>
          {(p) => <RoleSelect {...p} value={role} actorRole={session.role} onChange={setRole} />}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create key
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The secret of a new key, shown this once; focus moves here so that it is not missed. */
function SecretOnce({ created, onDismiss }: { created: TApiKeyCreated; onDismiss: () => void }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section className="card secret" aria-labelledby="secret-title" tabIndex={-1} ref={ref}>
      <h2 id="secret-title">Copy the secret of “{created.name}” now</h2>
      <p>It is shown only this once; Touchstone stores only a hash of it.</p>
      <p className="secret-value">
        <code data-testid="api-key-secret">{created.secret}</code>
        <CopyButton text={created.secret} label="Copy secret" />
      </p>
      <button type="button" className="button" onClick={onDismiss}>
        I have copied it
      </button>
    </section>
  );
}

function KeyRow({ apiKey, canWrite }: { apiKey: TApiKey; canWrite: boolean }) {
  const client = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => endpoints.revokeApiKey(apiKey.id),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.apiKeys }),
  });
  return (
    <tr className={apiKey.revokedAt ? 'archived' : undefined}>
      <th scope="row">{apiKey.name}</th>
      <td>
        <code>{apiKey.prefix}…</code>
      </td>
      <td>{humanize(apiKey.role)}</td>
      <td>{formatDateTime(apiKey.createdAt)}</td>
      <td>{formatDateTime(apiKey.lastUsedAt)}</td>
      <td className="actions-cell">
        {apiKey.revokedAt ? (
          <span className="badge">Revoked {formatDateTime(apiKey.revokedAt)}</span>
        ) : (
          canWrite && (
            <button
              type="button"
              className="button danger"
              disabled={revoke.isPending}
              onClick={() => {
                if (window.confirm(`Revoke “${apiKey.name}”? Programs using it stop working.`)) {
                  revoke.mutate();
                }
              }}
            >
              Revoke<span className="visually-hidden"> {apiKey.name}</span>
            </button>
          )
        )}
        {revoke.isError && (
          <p className="field-error" role="alert">
            {revoke.error.message}
          </p>
        )}
      </td>
    </tr>
  );
}

/** API keys for programs: create with a role, see the secret once, revoke. */
export function ApiKeysPage() {
  const canWrite = useCan('apikeys:write');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<TApiKeyCreated | null>(null);
  const pager = useCursorPager();
  const list = useQuery({
    queryKey: [...keys.apiKeys, pager.cursor],
    queryFn: () => endpoints.apiKeys({ limit: 50, sort: '-createdAt', cursor: pager.cursor }),
    placeholderData: keepPreviousData,
  });
  return (
    <Page
      title="API keys"
      lead="Keys let programs use the API with a role: send them as Authorization: Bearer ts_…"
      actions={
        canWrite &&
        !creating && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setCreated(null);
              setCreating(true);
            }}
          >
            New API key
          </button>
        )
      }
    >
      {created && <SecretOnce created={created} onDismiss={() => setCreated(null)} />}
      {creating && (
        <NewKeyForm
          onCreated={(k) => {
            setCreating(false);
            setCreated(k);
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      {list.isPending && <Loading what="Loading API keys" />}
      {list.isError && <QueryError error={list.error} />}
      {list.data?.items.length === 0 && <p className="empty">No API keys yet.</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Status and actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((k) => (
                <KeyRow key={k.id} apiKey={k} canWrite={canWrite} />
              ))}
            </tbody>
          </table>
          <Pager
            label="API key pages"
            pageNumber={pager.pageNumber}
            nextCursor={list.data.nextCursor}
            onNext={pager.next}
            onPrevious={pager.previous}
          />
        </div>
      )}
    </Page>
  );
}
