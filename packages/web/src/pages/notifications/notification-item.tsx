import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatDateTime } from '../../components/page.js';
import {
  notificationEndpoints,
  notificationKeys,
  type TNotificationView,
} from './notifications-api.js';

/** Marks one notification read and refreshes every view of them (the bell, the list). */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: notificationEndpoints.read,
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

/** Marks all read and refreshes every view of them. */
export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: notificationEndpoints.readAll,
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

/**
 * One notification: its title (a link to what it is about, which also marks it read), its text
 * and time. Unread ones are marked for the eye and for screen readers.
 */
export function NotificationItem({
  notification: n,
  onOpen,
}: {
  notification: TNotificationView;
  /** Called when the person follows the link (the bell closes its panel). */
  onOpen?: () => void;
}) {
  const markRead = useMarkRead();
  const unread = n.readAt === null;
  const open = () => {
    if (unread) markRead.mutate(n.id);
    onOpen?.();
  };
  return (
    <li className={unread ? 'notification unread' : 'notification'}>
      <p className="notification-title">
        {unread && <span className="visually-hidden">Unread: </span>}
        {n.link === null ? (
          <strong>{n.title}</strong>
        ) : (
          <Link to={n.link} onClick={open}>
            {n.title}
          </Link>
        )}
      </p>
      {n.body !== '' && <p className="notification-body">{n.body}</p>}
      <p className="notification-meta">
        <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
        {unread && n.link === null && (
          <button
            type="button"
            className="link-button"
            onClick={() => markRead.mutate(n.id)}
            disabled={markRead.isPending}
          >
            Mark read
          </button>
        )}
      </p>
    </li>
  );
}
