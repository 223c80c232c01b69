import { type OfficerRole, officerRoles } from '@congso/core';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatDateTime, vietnameseCollator } from '../app/format';
import { useLanguage } from '../app/i18n';
import { withParams } from '../app/search-params';
import { hasPermission, useSession } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { AgencyPicker } from './agency-picker';
import { type AgencyRef, identityApi, type Officer, pageSize } from './api';
import { RoleBadges, useIdentityLabels } from './labels';
import { CreateOfficerModal, EditOfficerModal, ResetPasswordModal } from './officer-forms';

const allAgencies = 'all';

/** /admin/officers: officers of an agency (default: the admin's own, with sub-units), search, create, edit. */
export default function OfficersPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const labels = useIdentityLabels();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(() => params.get('q') ?? '');
  const [debounced] = useDebouncedValue(query.trim(), 250);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Officer | null>(null);
  const [resetting, setResetting] = useState<Officer | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useDocumentTitle(t('identity.officer.title'));

  const canManage = hasPermission(me, 'officer.manage');
  const agencyParam = params.get('agencyId');
  const agencyId = agencyParam === allAgencies ? null : (agencyParam ?? me?.agency?.id ?? null);
  const includeSub = params.get('sub') !== '0';
  const roleParam = params.get('role');
  const role = roleParam && (officerRoles as readonly string[]).includes(roleParam) ? (roleParam as OfficerRole) : null;
  const page = Math.max(1, Number(params.get('page')) || 1);

  const update = (changes: Record<string, string | null>, resetPage = true) =>
    setParams(
      (current) => {
        const next = withParams(current, changes);
        if (resetPage) next.delete('page');
        return next;
      },
      { replace: true },
    );

  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced text drives the address
  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) update({ q: debounced });
  }, [debounced]);

  // The filter shows the agency's name: known for the admin's own agency, fetched otherwise.
  const agencyDetail = useQuery({
    queryKey: ['agencies', 'detail', agencyId],
    queryFn: () => identityApi.agency(agencyId as string),
    enabled: !!agencyId && agencyId !== me?.agency?.id,
  });
  const agencyRef: AgencyRef | null =
    agencyId === null
      ? null
      : agencyId === me?.agency?.id
        ? me.agency
        : agencyDetail.data
          ? {
              id: agencyDetail.data.id,
              code: agencyDetail.data.code,
              name: agencyDetail.data.name,
              shortName: agencyDetail.data.shortName,
            }
          : null;

  const officers = useQuery({
    queryKey: ['officers', { agencyId, includeSub, q: debounced, role, page }],
    queryFn: () =>
      identityApi.officers({
        agencyId: agencyId ?? undefined,
        includeSubAgencies: includeSub,
        q: debounced || undefined,
        role: role ?? undefined,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      }),
    placeholderData: keepPreviousData,
  });

  // The server pages by full name; the page shown is ordered with Vietnamese collation (Á after A, Đ after D).
  const rows = useMemo(
    () => [...(officers.data?.items ?? [])].sort((a, b) => vietnameseCollator.compare(a.fullName, b.fullName)),
    [officers.data],
  );
  const total = officers.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            {t('identity.officer.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('identity.officer.intro')}
          </Text>
        </div>
        {canManage && (
          <Button onClick={() => setCreating(true)} data-testid="officer-create">
            {t('identity.officer.create')}
          </Button>
        )}
      </Group>

      {notice && (
        <Alert
          color="green"
          role="status"
          withCloseButton
          closeButtonLabel={t('app.common.close')}
          onClose={() => setNotice(null)}
        >
          {notice}
        </Alert>
      )}

      <Card withBorder radius="md" padding="md">
        <Stack gap="sm">
          <Group align="flex-end" gap="md" wrap="wrap">
            <div style={{ flex: '2 1 280px' }}>
              <AgencyPicker
                label={t('identity.officer.agencyFilter')}
                value={agencyRef}
                clearable
                onChange={(agency) => update({ agencyId: agency ? agency.id : allAgencies })}
                testId="officer-agency-filter"
              />
            </div>
            <TextInput
              label={t('identity.officer.searchLabel')}
              value={query}
              onChange={(event) => setQuery(event.currentTarget.value)}
              enterKeyHint="search"
              style={{ flex: '2 1 220px' }}
              data-testid="officer-search"
            />
            <Select
              label={t('identity.officer.roleFilter')}
              data={[{ value: '', label: t('identity.officer.allRoles') }, ...labels.roleOptions()]}
              value={role ?? ''}
              onChange={(value) => update({ role: value || null })}
              allowDeselect={false}
              style={{ flex: '1 1 180px' }}
              comboboxProps={{ withinPortal: true }}
            />
          </Group>
          <Checkbox
            label={t('identity.officer.includeSub')}
            checked={includeSub}
            disabled={!agencyId}
            onChange={(event) => update({ sub: event.currentTarget.checked ? null : '0' })}
          />
        </Stack>
      </Card>

      {officers.isError && <ErrorAlert error={officers.error} onRetry={() => officers.refetch()} />}

      <Card withBorder radius="md" padding={0}>
        <Table.ScrollContainer minWidth={820}>
          <Table
            striped
            highlightOnHover
            verticalSpacing="sm"
            aria-label={t('identity.officer.tableLabel')}
            aria-busy={officers.isFetching}
            data-testid="officer-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('identity.officer.fullName')}</Table.Th>
                <Table.Th>{t('identity.officer.agency')}</Table.Th>
                <Table.Th>{t('identity.officer.roles')}</Table.Th>
                <Table.Th>{t('identity.officer.status')}</Table.Th>
                <Table.Th>{t('identity.officer.lastLogin')}</Table.Th>
                {canManage && <Table.Th>{t('identity.officer.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((officer) => (
                <Table.Tr key={officer.id} data-testid="officer-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {officer.fullName}
                    </Text>
                    <Text size="xs" c="dimmed">
                      <span className="congso-code">{officer.username}</span>
                      {officer.email ? ` · ${officer.email}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" maw={260}>
                      {officer.agency.name}
                    </Text>
                    <Text size="xs" c="dimmed" className="congso-code">
                      {officer.agency.code}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <RoleBadges roles={officer.roles} />
                  </Table.Td>
                  <Table.Td>
                    <Badge color={officer.active ? 'green' : 'gray'} variant="light" tt="none">
                      {officer.active ? t('identity.officer.active') : t('identity.officer.inactive')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {officer.lastLoginAt
                        ? formatDateTime(officer.lastLoginAt, language)
                        : t('identity.officer.never')}
                    </Text>
                  </Table.Td>
                  {canManage && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="light"
                          onClick={() => setEditing(officer)}
                          aria-label={t('identity.officer.editNamed', { name: officer.fullName })}
                        >
                          {t('identity.officer.edit')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="orange"
                          onClick={() => setResetting(officer)}
                          aria-label={t('identity.officer.resetNamed', { name: officer.fullName })}
                        >
                          {t('identity.officer.resetPassword')}
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
              {!officers.isPending && rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={canManage ? 6 : 5}>
                    <Text size="sm" c="dimmed" ta="center" py="md">
                      {t('identity.officer.noResults')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {officers.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={canManage ? 6 : 5}>
                    <Text size="sm" c="dimmed" ta="center" py="md" role="status">
                      {t('app.common.loading')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>

      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" data-testid="officer-total">
          {t('app.common.total', { count: total })}
        </Text>
        {pages > 1 && (
          <Pagination
            total={pages}
            value={Math.min(page, pages)}
            onChange={(value) => update({ page: String(value) }, false)}
            aria-label={t('identity.officer.pageLabel')}
            size="sm"
          />
        )}
      </Group>

      {canManage && creating && (
        <CreateOfficerModal
          opened
          defaultAgency={agencyRef ?? me?.agency ?? null}
          onClose={() => setCreating(false)}
          onDone={(officer) => {
            setCreating(false);
            setNotice(t('identity.officer.created', { name: officer.fullName }));
          }}
        />
      )}
      {editing && (
        <EditOfficerModal
          key={editing.id}
          officer={editing}
          onClose={() => setEditing(null)}
          onDone={(officer) => {
            setEditing(null);
            setNotice(t('identity.officer.saved', { name: officer.fullName }));
          }}
        />
      )}
      {resetting && (
        <ResetPasswordModal
          key={resetting.id}
          officer={resetting}
          onClose={() => setResetting(null)}
          onDone={(officer) => {
            setResetting(null);
            setNotice(t('identity.officer.passwordReset', { name: officer.fullName }));
          }}
        />
      )}
    </Stack>
  );
}
