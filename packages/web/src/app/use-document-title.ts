import { useEffect } from 'react';

/** Sets the tab title as "<page> · Congso". */
export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Congso` : 'Congso';
  }, [title]);
}
