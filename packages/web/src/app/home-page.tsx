import { Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canUseDesk } from '../desk/roles';
import { identityApi } from '../identity/api';
import { RoleBadges } from '../identity/labels';
import { PortalHomeSections, ProcedureSearchForm } from '../portal/home-card';
import { ErrorAlert } from './errors';
import { formatNumber } from './format';
import { useLanguage } from './i18n';
import { hasPermission, useSession } from './session';
import { useDocumentTitle } from './use-document-title';

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Card withBorder padding="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

/** The province's facts an officer works with: the governing body, the code, the communes and agencies. */
function ProvinceFacts() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const province = useQuery({ queryKey: ['province'], queryFn: identityApi.province, staleTime: 10 * 60_000 });
  if (province.isPending) return <Skeleton h={72} />;
  if (province.isError) {
    return (
      <ErrorAlert error={province.error} title={t('app.home.provinceUnavailable')} onRetry={() => province.refetch()} />
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} data-testid="province-facts">
      <Card withBorder padding="md" radius="md">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {t('app.home.committee')}
        </Text>
        <Text fw={600} data-testid="province-committee">
          {province.data.agency.name}
        </Text>
      </Card>
      <Stat label={t('app.home.provinceCode')} value={province.data.code} testId="province-code" />
      <Stat
        label={t('app.home.communeCount')}
        value={formatNumber(province.data.communeCount, language)}
        testId="province-commune-count"
      />
      <Stat
        label={t('app.home.agencyCount')}
        value={formatNumber(province.data.agencyCount, language)}
        testId="province-agency-count"
      />
    </SimpleGrid>
  );
}

/** A signed-in officer's card: who they are, where they work, the way to their desk and the province's facts. */
function OfficerCard() {
  const { t } = useTranslation();
  const { me } = useSession();
  if (!me) return null;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="home-user">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('app.home.signedInAs')}
        </Text>
        <Title order={2} size="h3">
          {me.fullName}{' '}
          <Text span c="dimmed" size="sm" ff="monospace">
            ({me.username})
          </Text>
        </Title>
        <Group gap="xs" align="baseline">
          <Text size="sm" fw={600}>
            {t('app.home.agency')}:
          </Text>
          <Text size="sm">{me.agency?.name ?? t('app.home.noAgency')}</Text>
        </Group>
        <Group gap="xs" align="center">
          <Text size="sm" fw={600}>
            {t('app.home.roles')}:
          </Text>
          <RoleBadges roles={me.roles} />
        </Group>
        <Group gap="sm" mt="xs">
          {canUseDesk(me) && (
            <Button component={Link} to="/mot-cua" data-testid="home-go-desk">
              {t('app.home.goDesk')}
            </Button>
          )}
          {hasPermission(me, 'agency.read') && (
            <Button component={Link} to="/admin/agencies" variant="light">
              {t('app.home.goAgencies')}
            </Button>
          )}
          {hasPermission(me, 'officer.read') && (
            <Button component={Link} to="/admin/officers" variant="light">
              {t('app.home.goOfficers')}
            </Button>
          )}
        </Group>
        <Title order={3} size="h5" mt="sm">
          {t('app.home.officerFacts')}
        </Title>
        <ProvinceFacts />
      </Stack>
    </Card>
  );
}

/**
 * The home page: for everyone, the portal's heading with the search for a procedure, then what a citizen
 * comes for (their dossiers, the most used procedures, the lookup); a signed-in officer finds their desk and
 * the province's facts instead of the citizen's sections.
 */
export function HomePage() {
  const { t } = useTranslation();
  const { me, loading } = useSession();
  const province = useQuery({ queryKey: ['province'], queryFn: identityApi.province, staleTime: 10 * 60_000 });
  useDocumentTitle(province.data?.fullName ?? t('app.home.title'));
  const officer = me?.kind === 'officer';

  return (
    <Stack gap="lg">
      <Card withBorder radius="md" padding="lg" data-testid="home-procedures-card" className="portal-home-hero">
        <Stack gap="sm">
          {province.isError ? (
            <ErrorAlert
              error={province.error}
              title={t('app.home.provinceUnavailable')}
              onRetry={() => province.refetch()}
            />
          ) : (
            <div>
              <Text size="sm" c="red.8" fw={600}>
                {t('portal.home.portal')}
              </Text>
              {province.isPending ? (
                <Skeleton h={32} w="60%" my={4} />
              ) : (
                <Title order={1} data-testid="province-name">
                  {province.data.fullName}
                </Title>
              )}
              <Text c="dimmed">{t('portal.home.lead')}</Text>
            </div>
          )}
          <ProcedureSearchForm />
        </Stack>
      </Card>

      {officer ? <OfficerCard /> : <PortalHomeSections />}

      {!loading && !me && (
        <Card withBorder radius="md" padding="lg">
          <Group justify="space-between" gap="sm">
            <Text>{t('app.home.signInPrompt')}</Text>
            <Button component={Link} to="/login" variant="light" data-testid="home-sign-in">
              {t('app.nav.signIn')}
            </Button>
          </Group>
        </Card>
      )}
    </Stack>
  );
}
