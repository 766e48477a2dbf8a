import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { Loading, QueryError } from '../components/forms.js';
import { NotificationItem, useMarkAllRead } from '../pages/notifications/notification-item.js';
import {
  notificationEndpoints,
  notificationKeys,
} from '../pages/notifications/notifications-api.js';
import '../pages/notifications/notifications.css';

/** How often the unread count is asked for while the dashboard is open. */
const POLL_MS = 30_000;
/** How many of the latest the panel shows; the page lists them all. */
const PANEL_SIZE = 8;

/**
 * The bell in the top bar: the unread count (asked for every half minute and on each
 * navigation), and a panel of the latest notifications with "mark all read".
 */
export function NotificationBell() {
  const client = useQueryClient();
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const count = useQuery({
    queryKey: notificationKeys.unreadCount,
    queryFn: notificationEndpoints.unreadCount,
    refetchInterval: POLL_MS,
  });
  const latest = useQuery({
    queryKey: notificationKeys.latest,
    queryFn: () => notificationEndpoints.list({ limit: PANEL_SIZE }),
    enabled: open,
  });
  const markAll = useMarkAllRead();

  // Each navigation asks again (the first render has just asked), and closes the panel.
  const seenPath = useRef(pathname);
  useEffect(() => {
    if (seenPath.current === pathname) return;
    seenPath.current = pathname;
    void client.invalidateQueries({ queryKey: notificationKeys.unreadCount });
    setOpen(false);
  }, [client, pathname]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const unread = count.data?.count ?? 0;
  const label = unread === 0 ? 'Notifications' : `Notifications, ${unread} unread`;
  return (
    <div className="notification-bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="notification-bell-button"
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unread > 0 && (
          <span className="notification-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <div
        id={panelId}
        className="notification-panel"
        role="region"
        aria-label="Latest notifications"
        hidden={!open}
      >
        <div className="notification-panel-head">
          <h2>Notifications</h2>
          <button
            type="button"
            className="link-button"
            onClick={() => markAll.mutate()}
            disabled={markAll.isPending || unread === 0}
          >
            Mark all read
          </button>
        </div>
        {latest.isPending && open && <Loading what="Loading notifications" />}
        {latest.isError && <QueryError error={latest.error} />}
        {latest.data?.items.length === 0 && <p className="empty">No notifications yet.</p>}
        {latest.data && latest.data.items.length > 0 && (
          <ul className="notification-list">
            {latest.data.items.map((n) => (
              <NotificationItem key={n.id} notification={n} onOpen={() => setOpen(false)} />
            ))}
          </ul>
        )}
        <p className="notification-panel-foot">
          <Link to="/notifications" onClick={() => setOpen(false)}>
            All notifications and e-mail settings
          </Link>
        </p>
      </div>
    </div>
  );
}
