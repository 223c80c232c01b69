import { useQueries } from '@tanstack/react-query';
import { api } from '../app/api';
import { hasPermission, useSession } from '../app/session';
import { identityApi, type Officer } from '../identity/api';

/**
 * Names for the ids a dossier holds (agencies, officers). Every officer may read agencies. The server
 * names who acted in each event and the current assignee; other officers (the assignee an `assign` event
 * named) are asked for by department heads and leaders (officer.read) only, so for the others the page
 * says "you" or the role instead.
 */

export function useAgencyNames(ids: readonly (string | null | undefined)[], known: Record<string, string> = {}) {
  const wanted = [...new Set(ids.filter((id): id is string => !!id && !known[id]))];
  const results = useQueries({
    queries: wanted.map((id) => ({
      queryKey: ['agencies', 'detail', id],
      queryFn: () => identityApi.agency(id),
      staleTime: 10 * 60_000,
    })),
  });
  const names: Record<string, string> = { ...known };
  wanted.forEach((id, index) => {
    const name = results[index]?.data?.name;
    if (name) names[id] = name;
  });
  return names;
}

export function useOfficerNames(ids: readonly (string | null | undefined)[], known: Record<string, string> = {}) {
  const { me } = useSession();
  const canRead = hasPermission(me, 'officer.read');
  const names: Record<string, string> = { ...known };
  if (me) names[me.id] = me.fullName;
  const wanted = canRead ? [...new Set(ids.filter((id): id is string => !!id && !names[id]))] : [];
  const results = useQueries({
    queries: wanted.map((id) => ({
      queryKey: ['officers', 'detail', id],
      queryFn: () => api.get<Officer>(`/officers/${encodeURIComponent(id)}`),
      staleTime: 10 * 60_000,
      retry: false,
    })),
  });
  wanted.forEach((id, index) => {
    const name = results[index]?.data?.fullName;
    if (name) names[id] = name;
  });
  return names;
}
