import { Alert, Anchor, Badge, Box, Group, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, NavLink, useLocation } from 'react-router';
import { useLanguage } from '../app/i18n';
import { hasPermission, useMe } from '../app/session';
import { PageLoader } from '../app/shell';
import type { ReportSummary } from './api';
import { L, statusColors, statusLabels } from './labels';
import '../office/office.css';

export function canUseReporting(me: Parameters<typeof hasPermission>[0]): boolean {
  return hasPermission(me, 'reporting.read') || hasPermission(me, 'reporting.review');
}

function ReportingNav() {
  const { pick } = useLanguage();
  const links = [
    { to: '/bao-cao', label: pick(L.reports), end: true },
    { to: '/bao-cao/ty-le', label: pick(L.rates), end: false },
    { to: '/bao-cao/ky-bao-cao', label: pick(L.periods), end: false },
    { to: '/bao-cao/chuong-trinh', label: pick(L.programme), end: false },
    { to: '/bao-cao/danh-muc', label: pick(L.catalogue), end: false },
  ];
  return (
    <Box component="nav" aria-label={pick(L.title)} className="office-nav">
      <Group gap={4} wrap="wrap">
        {links.map((link) => (
          <NavLink key={link.to} to={link.to} end={link.end} className="office-nav-link">
            {link.label}
          </NavLink>
        ))}
      </Group>
    </Box>
  );
}

/** A reporting page: only for a signed-in officer who reads or reviews reports. */
export function ReportingPage({ children }: { children: ReactNode }) {
  const { pick } = useLanguage();
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  if (!canUseReporting(me.data)) {
    return (
      <Alert color="red" role="alert">
        {pick(L.notAllowed)}
      </Alert>
    );
  }
  return (
    <Stack gap="md">
      <ReportingNav />
      {children}
    </Stack>
  );
}

export function StatusBadge({ status }: { status: ReportSummary['status'] }) {
  const { pick } = useLanguage();
  return (
    <Badge
      color={statusColors[status]}
      variant="light"
      tt="none"
      radius="sm"
      data-testid="report-status"
      data-status={status}
    >
      {pick(statusLabels[status])}
    </Badge>
  );
}

export function FileLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Anchor href={href} target="_blank" rel="noopener">
      {children}
    </Anchor>
  );
}
