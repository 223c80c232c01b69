import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { apiBase } from '../app/api';
import { iocKeys } from './api';

/**
 * Live updates: the server's event stream (GET /api/v1/ioc/events) says when the counters changed (at most
 * every 10 s); the dashboard's queries are then fetched again, without reloading the page. Returns when the
 * figures were last refreshed that way.
 */
export function useLiveIoc(): Date | null {
  const client = useQueryClient();
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`${apiBase}/ioc/events`);
    source.addEventListener('change', () => {
      client.invalidateQueries({ queryKey: iocKeys.all }).catch(() => undefined);
      setUpdatedAt(new Date());
    });
    return () => source.close();
  }, [client]);
  return updatedAt;
}
