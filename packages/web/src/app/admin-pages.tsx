/**
 * The administration pages a person may open, grouped by what they administer, and the page that lists them
 * (/admin). One list serves the page, the header's "Quản trị" link and the phone's account menu, so a page added
 * here is reachable everywhere, and only by those whose permissions open it.
 */
import type { Permission } from '@congso/core';
import { Anchor, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasPermission, useSession } from './session';
import { useDocumentTitle } from './use-document-title';

export interface AdminPageLink {
  to: string;
  label: string;
  description: string;
  testId: string;
}

export interface AdminGroup {
  id: string;
  title: string;
  pages: AdminPageLink[];
}

/** The groups of administration pages `me` may open (groups without such a page left out). */
export function useAdminGroups(): AdminGroup[] {
  const { t } = useTranslation();
  const { me } = useSession();
  const page = (to: string, label: string, description: string, testId: string, permission: Permission) =>
    hasPermission(me, permission) ? [{ to, label, description, testId }] : [];
  const groups: AdminGroup[] = [
    {
      id: 'organisation',
      title: t('app.admin.groups.organisation'),
      pages: [
        ...page(
          '/admin/agencies',
          t('app.nav.agencies'),
          t('app.admin.pages.agencies'),
          'admin-agencies',
          'agency.read',
        ),
        ...page(
          '/admin/officers',
          t('app.nav.officers'),
          t('app.admin.pages.officers'),
          'admin-officers',
          'officer.read',
        ),
      ],
    },
    {
      id: 'payments',
      title: t('app.admin.groups.payments'),
      pages: [
        ...page(
          '/admin/tim-kiem',
          t('app.nav.searchAdmin'),
          t('app.admin.pages.search'),
          'admin-search',
          'catalog.manage',
        ),
        ...page('/admin/phi-le-phi', t('fees.nav'), t('app.admin.pages.fees'), 'admin-fees', 'catalog.manage'),
        ...page(
          '/admin/doi-soat-thanh-toan',
          t('payments.reports.nav'),
          t('app.admin.pages.paymentReports'),
          'admin-payment-reports',
          'payment.report',
        ),
        ...page(
          '/admin/doi-soat-chuyen-khoan',
          t('payments.transfers.nav'),
          t('app.admin.pages.transfers'),
          'admin-transfers',
          'payment.report',
        ),
      ],
    },
    {
      id: 'exchange',
      title: t('app.admin.groups.exchange'),
      pages: [
        ...page(
          '/admin/lien-thong',
          t('exchange.nav'),
          t('app.admin.pages.exchange'),
          'admin-exchange',
          'exchange.manage',
        ),
        ...page(
          '/admin/dong-bo-dvcqg',
          t('exchange.portal.nav'),
          t('app.admin.pages.portalSync'),
          'admin-portal-sync',
          'exchange.manage',
        ),
        ...page(
          '/admin/webhook',
          t('webhooks.nav'),
          t('app.admin.pages.webhooks'),
          'admin-webhooks',
          'exchange.manage',
        ),
        ...page(
          '/admin/chia-se-du-lieu',
          t('gateway.nav'),
          t('app.admin.pages.gateway'),
          'admin-gateway',
          'gateway.manage',
        ),
      ],
    },
    {
      id: 'system',
      title: t('app.admin.groups.system'),
      pages: [
        ...page(
          '/admin/chung-thu',
          t('signing.certificates.title'),
          t('app.admin.pages.certificates'),
          'admin-certificates',
          'certificate.read',
        ),
        ...page('/admin/outbox', t('app.nav.outbox'), t('app.admin.pages.outbox'), 'admin-outbox', 'audit.read'),
        ...page(
          '/admin/canh-bao',
          t('app.nav.alertRules'),
          t('app.admin.pages.alerts'),
          'admin-alerts',
          'alert.manage',
        ),
      ],
    },
  ];
  return groups.filter((g) => g.pages.length > 0);
}

/** /admin: every administration page the person may open, by group. */
export default function AdminIndexPage() {
  const { t } = useTranslation();
  const groups = useAdminGroups();
  useDocumentTitle(t('app.admin.title'));
  return (
    <Stack gap="md" data-testid="admin-index">
      <div>
        <Title order={1} size="h2">
          {t('app.admin.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('app.admin.intro')}
        </Text>
      </div>
      {groups.length === 0 ? (
        <Card withBorder padding="lg" data-testid="admin-index-empty">
          <Text>{t('app.admin.none')}</Text>
        </Card>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {groups.map((group) => (
            <Card
              key={group.id}
              withBorder
              radius="md"
              padding="md"
              component="section"
              aria-labelledby={`admin-group-${group.id}`}
              data-testid="admin-group"
            >
              <Title order={2} size="h4" id={`admin-group-${group.id}`} mb="xs">
                {group.title}
              </Title>
              <Stack gap="sm" component="ul" style={{ listStyle: 'none', paddingLeft: 0, margin: 0 }}>
                {group.pages.map((p) => (
                  <li key={p.to}>
                    <Anchor component={Link} to={p.to} fw={600} data-testid={p.testId}>
                      {p.label}
                    </Anchor>
                    <Text size="sm" c="dimmed">
                      {p.description}
                    </Text>
                  </li>
                ))}
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
