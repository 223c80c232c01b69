import type { Permission } from '@congso/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { identityApi, type Me } from '../identity/api';
import { isApiError } from './api';

export const meQueryKey = ['auth', 'me'] as const;

/** The signed-in person, `null` when signed out (401), `undefined` while loading. */
export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await identityApi.me();
      } catch (error) {
        if (isApiError(error) && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function hasPermission(me: Me | null | undefined, permission: Permission): boolean {
  return !!me && me.permissions.includes(permission);
}

export function useSession() {
  const queryClient = useQueryClient();
  const me = useMe();
  return {
    me: me.data,
    loading: me.isPending,
    signedIn: (user: Me) => queryClient.setQueryData(meQueryKey, user),
    signOut: async () => {
      try {
        await identityApi.logout();
      } finally {
        // Forget the user first, then every cached answer that belonged to the session, and the tab's drafts.
        queryClient.setQueryData(meQueryKey, null);
        try {
          sessionStorage.clear();
        } catch {
          // Storage can be unavailable (private mode); nothing to clear then.
        }
        queryClient.removeQueries({ predicate: (query) => !['auth', 'province'].includes(String(query.queryKey[0])) });
      }
    },
  };
}
