import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { endpoints } from '../api/resources.js';
import { useSession, useSessionActions } from '../auth/session.js';
import { humanize } from '../components/page.js';

/** The signed-in person's menu: who they are, their role, and signing out. */
export function UserMenu() {
  const session = useSession();
  const { signedOut } = useSessionActions();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const signOut = useMutation({
    mutationFn: endpoints.signOut,
    onSettled: () => {
      signedOut();
      void navigate('/sign-in');
    },
  });

  useEffect(() => {
    if (!open) return;
    // Close on a click elsewhere or on Escape (returning focus to the button), like a native menu.
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

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="avatar" aria-hidden="true">
          {(session.user.name || session.user.email).charAt(0).toUpperCase()}
        </span>
        <span className="user-menu-name">{session.user.name}</span>
      </button>
      <div id={menuId} className="user-menu-panel" hidden={!open}>
        <p className="user-menu-who">
          <strong>{session.user.name}</strong>
          <span>{session.user.email}</span>
          <span className="badge">{humanize(session.role)}</span>
        </p>
        <button
          type="button"
          className="button"
          onClick={() => signOut.mutate()}
          disabled={signOut.isPending}
        >
          Sign out
        </button>
      </div>
    </div>
  );
}
