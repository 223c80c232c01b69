import { useQueries } from '@tanstack/react-query';
import { api } from '../app/api';
import { hasPermission, useSession } from '../app/session';
import { identityApi, type Officer } from '../identity/api';

/**
 * Names for the ids a dossier holds (agencies, officers). Every officer may read agencies; officers'
 * names are readable by department heads and leaders (officer.read) only, so for the others the page
 * says "you" or the role instead. The server does not put names in the events yet.
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

export function useOfficerNames(ids: readonly (string | null | undefined)[]) {
  const { me } = useSession();
  const canRead = hasPermission(me, 'officer.read');
  const names: Record<string, string> = {};
  if (me) names[me.id] = me.fullName;
  const wanted = canRead ? [...new Set(ids.filter((id): id is string => !!id && id !== me?.id))] : [];
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
