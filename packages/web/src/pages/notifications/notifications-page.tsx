import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError, Loading, QueryError } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { Pager, useCursorPager } from '../../components/pager.js';
import { DigestSubscription } from './digest-subscription.js';
import { NotificationItem, useMarkAllRead } from './notification-item.js';
import { notificationEndpoints, notificationKeys, type TEmailChoice } from './notifications-api.js';
import './notifications.css';

const CHOICES: { value: TEmailChoice; label: string; hint: string }[] = [
  { value: 'immediate', label: 'Immediately', hint: 'One e-mail for each notification.' },
  {
    value: 'digest',
    label: 'Daily digest',
    hint: 'One e-mail each morning (07:00 UTC) with the day’s unread notifications.',
  },
  { value: 'off', label: 'Off', hint: 'No e-mail; notifications stay here.' },
];

/** The person's choice of e-mail, saved as soon as it changes. */
function EmailPreference() {
  const client = useQueryClient();
  // The radio follows the click at once; a refused save puts back the stored choice.
  const [picked, setPicked] = useState<TEmailChoice | null>(null);
  const current = useQuery({
    queryKey: notificationKeys.preferences,
    queryFn: notificationEndpoints.preferences,
  });
  const save = useMutation({
    mutationFn: notificationEndpoints.setPreferences,
    onSuccess: (saved) => client.setQueryData(notificationKeys.preferences, saved),
    onError: () => setPicked(null),
  });
  if (current.isPending) return <Loading what="Loading your e-mail choice" />;
  if (current.isError) return <QueryError error={current.error} />;
  const chosen = picked ?? current.data.email;
  return (
    <section className="card stack" aria-labelledby="email-choice-title">
      <h2 id="email-choice-title">E-mail</h2>
      <fieldset className="email-choices">
        <legend>Send me notifications by e-mail</legend>
        {CHOICES.map((choice) => (
          <label key={choice.value} className="radio">
            <input
              type="radio"
              name="email-choice"
              value={choice.value}
              checked={chosen === choice.value}
              onChange={() => {
                setPicked(choice.value);
                save.mutate({ email: choice.value });
              }}
            />{' '}
            <strong>{choice.label}</strong> <span className="muted">{choice.hint}</span>
          </label>
        ))}
      </fieldset>
      {save.isSuccess && (
        <p role="status" className="muted">
          Saved.
        </p>
      )}
      <FormError message={save.isError ? save.error.message : null} />
    </section>
  );
}

/** My notifications, newest first, with the unread filter, and my e-mail choice. */
export function NotificationsPage() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const pager = useCursorPager();
  const list = useQuery({
    queryKey: [...notificationKeys.all, 'list', unreadOnly, pager.cursor],
    queryFn: () =>
      notificationEndpoints.list({
        limit: 50,
        cursor: pager.cursor,
        ...(unreadOnly && { unread: true }),
      }),
    placeholderData: keepPreviousData,
  });
  const markAll = useMarkAllRead();
  return (
    <Page
      title="Notifications"
      lead="What happened to your cases, teams and rules. Follow one to open what it is about."
      actions={
        <button
          type="button"
          className="button"
          onClick={() => markAll.mutate()}
          disabled={markAll.isPending}
        >
          Mark all read
        </button>
      }
    >
      <div className="stack">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(e) => {
              pager.reset();
              setUnreadOnly(e.target.checked);
            }}
          />{' '}
          Unread only
        </label>
        {list.isPending && <Loading what="Loading notifications" />}
        {list.isError && <QueryError error={list.error} />}
        {list.data?.items.length === 0 && (
          <p className="empty">{unreadOnly ? 'Nothing unread.' : 'No notifications yet.'}</p>
        )}
        {list.data && list.data.items.length > 0 && (
          <>
            <ul className="notification-list card">
              {list.data.items.map((n) => (
                <NotificationItem key={n.id} notification={n} />
              ))}
            </ul>
            <Pager
              label="Notification pages"
              pageNumber={pager.pageNumber}
              nextCursor={list.data.nextCursor}
              onNext={pager.next}
              onPrevious={pager.previous}
            />
          </>
        )}
        <EmailPreference />
        <DigestSubscription />
      </div>
    </Page>
  );
}
