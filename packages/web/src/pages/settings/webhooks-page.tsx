import { EVENT_TYPES, ZWebhookCreate, type TWebhookEventType } from '@touchstone/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useCan } from '../../auth/session.js';
import { Field, FormError, Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page, formatDateTime } from '../../components/page.js';
import { Pager, useCursorPager } from '../../components/pager.js';
import { webhookEndpoints, webhookKeys, type TWebhookCreated } from './webhooks-api.js';
import { WebhookSecretOnce } from './webhook-secret.js';

/** Event types to pick from, with `*` (every type) first. */
const TYPE_CHOICES: readonly TWebhookEventType[] = ['*', ...EVENT_TYPES];

function typeLabel(type: TWebhookEventType): string {
  return type === '*' ? 'All events (*)' : type;
}

function NewWebhookForm({
  onCreated,
  onCancel,
}: {
  onCreated: (created: TWebhookCreated) => void;
  onCancel: () => void;
}) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<TWebhookEventType[]>(['response.completed']);
  const errors = useFormErrors();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: webhookEndpoints.create,
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: webhookKeys.all });
      onCreated(created);
    },
    onError: (error) => errors.fromError(error),
  });
  const toggle = (type: TWebhookEventType, on: boolean) =>
    setTypes((current) => (on ? [...current, type] : current.filter((t) => t !== type)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    // All events (*) covers every type: the others ticked beside it add nothing.
    const eventTypes: TWebhookEventType[] = types.includes('*') ? ['*'] : types;
    const parsed = ZWebhookCreate.safeParse({ url, description, eventTypes });
    if (!parsed.success) return errors.fromZod(parsed.error);
    create.mutate(parsed.data);
  };
  return (
    <form className="card stack" onSubmit={submit} noValidate aria-label="New webhook">
      <h2>New webhook</h2>
      <FormError message={errors.message} />
      <Field
        label="URL"
        hint="An https address of the receiver; internal addresses are refused"
        error={errors.fields['url']}
      >
        {(p) => (
          <input {...p} type="url" value={url} onChange={(e) => setUrl(e.target.value)} autoFocus />
        )}
      </Field>
      <Field label="Description" error={errors.fields['description']}>
        {(p) => (
          <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} />
        )}
      </Field>
      <fieldset aria-describedby="webhook-types-error">
        <legend>Event types</legend>
        {TYPE_CHOICES.map((type) => (
          <label key={type} className="checkbox">
            <input
              type="checkbox"
              checked={types.includes(type)}
              onChange={(e) => toggle(type, e.target.checked)}
            />{' '}
            {typeLabel(type)}
          </label>
        ))}
        {errors.fields['eventTypes'] !== undefined && (
          <p className="field-error" id="webhook-types-error" role="alert">
            {errors.fields['eventTypes']}
          </p>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create webhook
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Webhook subscriptions: list, create with event types, see the signing secret once. */
export function WebhooksPage() {
  const canWrite = useCan('webhooks:write');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<TWebhookCreated | null>(null);
  const pager = useCursorPager();
  const list = useQuery({
    queryKey: [...webhookKeys.all, pager.cursor],
    queryFn: () => webhookEndpoints.list({ limit: 50, cursor: pager.cursor }),
    placeholderData: keepPreviousData,
  });
  return (
    <Page
      title="Webhooks"
      lead="Touchstone posts signed events (Standard Webhooks) to these URLs, retrying for about a day."
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
            New webhook
          </button>
        )
      }
    >
      {created && <WebhookSecretOnce secret={created.secret} onDismiss={() => setCreated(null)} />}
      {creating && (
        <NewWebhookForm
          onCreated={(c) => {
            setCreating(false);
            setCreated(c);
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      {list.isPending && <Loading what="Loading webhooks" />}
      {list.isError && <QueryError error={list.error} />}
      {list.data?.items.length === 0 && <p className="empty">No webhooks yet.</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((w) => (
                <tr key={w.id} className={w.enabled ? undefined : 'archived'}>
                  <th scope="row">
                    <Link to={`/webhooks/${w.id}`}>{w.url}</Link>
                    {w.description !== '' && <div className="muted">{w.description}</div>}
                  </th>
                  <td>{w.eventTypes.join(', ')}</td>
                  <td>
                    {w.enabled ? 'Enabled' : 'Disabled'}
                    {w.disabledReason !== null && <div className="muted">{w.disabledReason}</div>}
                  </td>
                  <td>{formatDateTime(w.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            label="Webhook pages"
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
