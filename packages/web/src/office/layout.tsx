import { Alert, Box, Group, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, NavLink, useLocation } from 'react-router';
import { useMe } from '../app/session';
import { PageLoader } from '../app/shell';
import { useOfficeT } from './i18n';
import { canUseOffice } from './roles';
import '../desk/desk.css';
import './office.css';

/** The office's own navigation, above every office page. */
function OfficeNav() {
  const t = useOfficeT();
  const links = [
    { to: '/van-ban/den', label: t('nav.incoming'), testId: 'office-nav-incoming' },
    { to: '/van-ban/nhan', label: t('nav.inbox'), testId: 'office-nav-inbox' },
    { to: '/van-ban/di', label: t('nav.outgoing'), testId: 'office-nav-outgoing' },
    { to: '/van-ban/so', label: t('nav.registers'), testId: 'office-nav-registers' },
    { to: '/van-ban/ho-so', label: t('nav.workFiles'), testId: 'office-nav-work-files' },
    { to: '/van-ban/tim-kiem', label: t('nav.search'), testId: 'office-nav-search' },
  ];
  return (
    <Box component="nav" aria-label={t('nav.label')} className="office-nav">
      <Group gap={4} wrap="wrap">
        {links.map((link) => (
          <NavLink key={link.to} to={link.to} className="office-nav-link" data-testid={link.testId}>
            {link.label}
          </NavLink>
        ))}
      </Group>
    </Box>
  );
}

/** Lets an office page render only for a signed-in officer who reads the agency's documents. */
export function OfficePage({ children }: { children: ReactNode }) {
  const t = useOfficeT();
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (!me.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (!canUseOffice(me.data)) {
    return (
      <Alert color="orange" role="alert" data-testid="forbidden">
        {t('forbidden')}
      </Alert>
    );
  }
  return (
    <Stack gap="md">
      <OfficeNav />
      {children}
    </Stack>
  );
}
