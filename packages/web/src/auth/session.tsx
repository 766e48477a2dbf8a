import { roleAllows, type TPermission, type TSession } from '@touchstone/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { ApiError, setCsrfToken } from '../api/client.js';
import { endpoints, keys } from '../api/resources.js';

const SessionContext = createContext<TSession | null>(null);

/** Loads the session once; `null` data means signed out (the API answered 401). */
export function useSessionQuery() {
  return useQuery({
    queryKey: keys.session,
    queryFn: async (): Promise<TSession | null> => {
      try {
        const session = await endpoints.session();
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
}

/** Provides the signed-in session to the app shell and its pages. */
export function SessionProvider({ session, children }: { session: TSession; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The signed-in session; only valid inside the app shell. */
export function useSession(): TSession {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside a signed-in page');
  return session;
}

/** Whether the signed-in role may use a permission (to hide buttons it could not use). */
export function useCan(permission: TPermission): boolean {
  return roleAllows(useSession().role, permission);
}

/**
 * Stores a fresh session after sign-in, and forgets it on sign-out; either way every other cached
 * answer is dropped, so that nothing of one person's session shows in the next one. The session
 * query itself is updated, not removed: its observer would keep watching the removed query.
 */
export function useSessionActions() {
  const client = useQueryClient();
  const dropOtherQueries = useCallback(
    () => client.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.session[0] }),
    [client],
  );
  const signedIn = useCallback(
    (session: TSession) => {
      setCsrfToken(session.csrfToken);
      dropOtherQueries();
      client.setQueryData(keys.session, session);
    },
    [client, dropOtherQueries],
  );
  const signedOut = useCallback(() => {
    setCsrfToken(null);
    client.setQueryData(keys.session, null);
    dropOtherQueries();
  }, [client, dropOtherQueries]);
  return { signedIn, signedOut };
}
