import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../app/session';
import { PageLoader } from '../app/shell';
import { useDeskT } from './i18n';
import { canUseDesk } from './roles';

/** Lets a desk page render only for a signed-in officer who acts on dossiers. */
export function DeskGuard({ children }: { children: ReactNode }) {
  const t = useDeskT();
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (!me.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (!canUseDesk(me.data)) {
    return (
      <Alert color="orange" role="alert" data-testid="forbidden">
        {t('forbidden')}
      </Alert>
    );
  }
  return <>{children}</>;
}
