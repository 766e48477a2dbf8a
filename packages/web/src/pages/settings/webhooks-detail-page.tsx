import { DELIVERY_STATUSES, type TDeliveryStatus } from '@touchstone/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../auth/session.js';
import { Loading, QueryError } from '../../components/forms.js';
import { Page, formatDateTime, humanize } from '../../components/page.js';
import { Pager, useCursorPager } from '../../components/pager.js';
import { WebhookSecretOnce } from './webhook-secret.js';
import {
  webhookEndpoints,
  webhookKeys,
  type TDeliveryView,
  type TWebhookView,
} from './webhooks-api.js';

function DeliveryRow({
  webhookId,
  delivery,
  canWrite,
}: {
  webhookId: string;
  delivery: TDeliveryView;
  canWrite: boolean;
}) {
  const client = useQueryClient();
  const redeliver = useMutation({
    mutationFn: () => webhookEndpoints.redeliver(webhookId, delivery.id),
    onSuccess: () => client.invalidateQueries({ queryKey: webhookKeys.deliveries(webhookId) }),
  });
  const last = delivery.attemptLog.at(-1);
  return (
    <tr>
      <th scope="row">
        <code>{delivery.id}</code>
        <div className="muted">{delivery.eventType}</div>
      </th>
      <td>{humanize(delivery.status)}</td>
      <td>{delivery.attempts}</td>
      <td>{delivery.lastStatusCode ?? '–'}</td>
      <td>{delivery.lastError ?? ''}</td>
      <td>{last ? `${last.durationMs} ms` : '–'}</td>
      <td>{formatDateTime(delivery.createdAt)}</td>
      <td>{formatDateTime(delivery.nextAttemptAt)}</td>
      <td className="actions-cell">
        {canWrite && (
          <button
            type="button"
            className="button"
            disabled={redeliver.isPending}
            onClick={() => redeliver.mutate()}
          >
            Redeliver<span className="visually-hidden"> {delivery.id}</span>
          </button>
        )}
        {redeliver.isError && (
          <p className="field-error" role="alert">
            {redeliver.error.message}
          </p>
        )}
      </td>
    </tr>
  );
}

function DeliveryLog({ webhookId, canWrite }: { webhookId: string; canWrite: boolean }) {
  const [status, setStatus] = useState<TDeliveryStatus | ''>('');
  const pager = useCursorPager();
  const list = useQuery({
    queryKey: [...webhookKeys.deliveries(webhookId), status, pager.cursor],
    queryFn: () =>
      webhookEndpoints.deliveries(webhookId, {
        limit: 50,
        cursor: pager.cursor,
        ...(status !== '' && { status }),
      }),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="card stack" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Deliveries</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="delivery-status">Status</label>
          <select
            id="delivery-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as TDeliveryStatus | '');
              pager.reset();
            }}
          >
            <option value="">All</option>
            {DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {list.isPending && <Loading what="Loading deliveries" />}
      {list.isError && <QueryError error={list.error} />}
      {list.data?.items.length === 0 && <p className="empty">No deliveries yet.</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Message (webhook-id)</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last status</th>
                <th scope="col">Last error</th>
                <th scope="col">Duration</th>
                <th scope="col">Created</th>
                <th scope="col">Next attempt</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => (
                <DeliveryRow key={d.id} webhookId={webhookId} delivery={d} canWrite={canWrite} />
              ))}
            </tbody>
          </table>
          <Pager
            label="Delivery pages"
            pageNumber={pager.pageNumber}
            nextCursor={list.data.nextCursor}
            onNext={pager.next}
            onPrevious={pager.previous}
          />
        </div>
      )}
    </section>
  );
}

function WebhookActions({ webhook }: { webhook: TWebhookView }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: webhookKeys.all });
  const toggle = useMutation({
    mutationFn: () => webhookEndpoints.update(webhook.id, { enabled: !webhook.enabled }),
    onSuccess: refresh,
  });
  const ping = useMutation({
    mutationFn: () => webhookEndpoints.ping(webhook.id),
    onSuccess: refresh,
  });
  const rotate = useMutation({
    mutationFn: () => webhookEndpoints.rotateSecret(webhook.id),
    onSuccess: (rotated) => setSecret(rotated.secret),
  });
  const remove = useMutation({
    mutationFn: () => webhookEndpoints.remove(webhook.id),
    onSuccess: async () => {
      await refresh();
      await navigate('/webhooks');
    },
  });
  const failed = [toggle, ping, rotate, remove].find((m) => m.isError);
  return (
    <div className="stack">
      {secret !== null && <WebhookSecretOnce secret={secret} onDismiss={() => setSecret(null)} />}
      <div className="form-actions">
        <button type="button" className="button" onClick={() => ping.mutate()}>
          Send test message
        </button>
        <button type="button" className="button" onClick={() => toggle.mutate()}>
          {webhook.enabled ? 'Disable' : 'Enable'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            if (window.confirm('Replace the signing secret? Receivers need the new one at once.')) {
              rotate.mutate();
            }
          }}
        >
          Rotate secret
        </button>
        <button
          type="button"
          className="button danger"
          onClick={() => {
            if (window.confirm(`Delete the webhook to ${webhook.url} and its delivery log?`)) {
              remove.mutate();
            }
          }}
        >
          Delete
        </button>
      </div>
      {failed?.error && (
        <p className="field-error" role="alert">
          {failed.error.message}
        </p>
      )}
    </div>
  );
}

/** One webhook: its settings, actions (test message, switch, rotate, delete) and delivery log. */
export function WebhookPage() {
  const { id = '' } = useParams();
  const canWrite = useCan('webhooks:write');
  const webhook = useQuery({
    queryKey: webhookKeys.one(id),
    queryFn: () => webhookEndpoints.one(id),
  });
  return (
    <Page
      title={webhook.data?.url ?? 'Webhook'}
      crumbs={<Link to="/webhooks">Webhooks</Link>}
      lead={webhook.data ? `Events: ${webhook.data.eventTypes.join(', ')}` : undefined}
    >
      {webhook.isPending && <Loading what="Loading the webhook" />}
      {webhook.isError && <QueryError error={webhook.error} />}
      {webhook.data && (
        <>
          {!webhook.data.enabled && (
            <p className="badge">
              Disabled{webhook.data.disabledReason ? `: ${webhook.data.disabledReason}` : ''}
            </p>
          )}
          {canWrite && <WebhookActions webhook={webhook.data} />}
          <DeliveryLog webhookId={id} canWrite={canWrite} />
        </>
      )}
    </Page>
  );
}
