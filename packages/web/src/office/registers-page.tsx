import { registerYearOf } from '@congso/core';
import { Alert, Button, Card, Group, Select, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatDateTime, formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { withParams } from '../app/search-params';
import { useSession } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { officeApi, officeKeys, type Register, registerFileUrl } from './api';
import { useOfficeT } from './i18n';
import { OfficePage } from './layout';
import { isDocumentClerk } from './roles';
import { TableScroll } from './scroll';

/** One register: its state, downloads, closing, and its lines with the columns of Phụ lục IV. */
function RegisterView({ register }: { register: Register }) {
  const t = useOfficeT();
  const { language } = useLanguage();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const entries = useQuery({
    queryKey: officeKeys.registerEntries(register.id),
    queryFn: () => officeApi.registerEntries(register.id),
  });
  const close = useMutation({
    mutationFn: () => officeApi.closeRegister(register.id, register.version),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: ['office', 'registers'] });
    },
  });
  const columns = entries.data?.columns ?? [];
  const rows = entries.data?.entries ?? [];
  return (
    <Stack gap="sm" data-testid="register-view" data-kind={register.kind}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm" c="dimmed" data-testid="register-state">
          {register.closedAt
            ? t('registers.closed', { time: formatDateTime(register.closedAt, language) })
            : t('registers.open', { number: formatNumber(register.lastNumber, language) })}
        </Text>
        <Group gap="xs" wrap="wrap">
          <Button
            component="a"
            href={registerFileUrl(register.id, 'pdf')}
            target="_blank"
            rel="noopener"
            variant="default"
            size="sm"
            data-testid="register-pdf"
          >
            {t('registers.pdf')}
          </Button>
          <Button
            component="a"
            href={registerFileUrl(register.id, 'xlsx')}
            download
            variant="default"
            size="sm"
            data-testid="register-xlsx"
          >
            {t('registers.xlsx')}
          </Button>
          {isDocumentClerk(me) && !register.closedAt && (
            <Button
              variant="outline"
              color="red"
              size="sm"
              onClick={() => setConfirming(true)}
              data-testid="register-close"
            >
              {t('registers.close')}
            </Button>
          )}
        </Group>
      </Group>
      {confirming && (
        <Alert color="orange" variant="light" role="alert">
          <Stack gap="xs">
            <Text size="sm">{t('registers.closeConfirm', { year: register.year })}</Text>
            <Group gap="xs">
              <Button size="xs" color="red" onClick={() => close.mutate()} loading={close.isPending}>
                {t('registers.close')}
              </Button>
              <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
                {t('form.cancel')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      {close.isError && <ErrorAlert error={close.error} testId="register-close-error" />}
      {entries.isError && <ErrorAlert error={entries.error} onRetry={() => entries.refetch()} />}
      <Card withBorder radius="md" padding={0}>
        <TableScroll minWidth={Math.max(900, columns.length * 120)} label={entries.data?.title ?? t('registers.table')}>
          <Table
            striped
            withColumnBorders
            verticalSpacing={4}
            horizontalSpacing="xs"
            aria-label={entries.data?.title ?? t('registers.table')}
            className="desk-table office-register-table"
            data-testid="register-table"
          >
            <Table.Thead>
              <Table.Tr>
                {columns.map((column) => (
                  <Table.Th key={column.key} scope="col">
                    {column.header}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the register's own order
                <Table.Tr key={index} data-testid="register-entry">
                  {columns.map((column) => (
                    <Table.Td key={column.key}>{row[column.key] ?? ''}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
              {entries.data && rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={Math.max(1, columns.length)}>
                    <Text size="sm" c="dimmed" ta="center" py="lg">
                      {t('registers.empty')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
    </Stack>
  );
}

function Registers() {
  const t = useOfficeT();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  useDocumentTitle(t('registers.title'));
  const thisYear = registerYearOf(new Date());
  const year = Number(params.get('year')) || thisYear;
  const kind = params.get('kind') === 'outgoing' ? 'outgoing' : 'incoming';
  const registers = useQuery({ queryKey: officeKeys.registers(year), queryFn: () => officeApi.registers(year) });
  const register = registers.data?.items.find((r) => r.kind === kind);
  const years = Array.from({ length: 5 }, (_, i) => String(thisYear - i));
  const update = (changes: Record<string, string | null>) =>
    setParams((current) => withParams(current, changes), { replace: true });
  return (
    <Stack gap="md" data-testid="registers-page">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} size="h2">
            {t('registers.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('registers.intro', { agency: me?.agency?.name ?? '' })}
          </Text>
        </div>
        <Select
          label={t('registers.year')}
          data={years}
          value={String(year)}
          allowDeselect={false}
          onChange={(value) => update({ year: value === String(thisYear) ? null : value })}
          w={120}
          comboboxProps={{ withinPortal: true }}
          data-testid="registers-year"
        />
      </Group>
      <Tabs value={kind} onChange={(value) => update({ kind: value === 'outgoing' ? 'outgoing' : null })}>
        <Tabs.List aria-label={t('registers.kind')}>
          <Tabs.Tab value="incoming" data-testid="registers-tab-incoming">
            {t('registers.incoming')}
          </Tabs.Tab>
          <Tabs.Tab value="outgoing" data-testid="registers-tab-outgoing">
            {t('registers.outgoing')}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {registers.isError && <ErrorAlert error={registers.error} onRetry={() => registers.refetch()} />}
      {register && <RegisterView key={register.id} register={register} />}
    </Stack>
  );
}

/** /van-ban/so: the incoming and outgoing registers of a year. */
export default function RegistersPage() {
  return (
    <OfficePage>
      <Registers />
    </OfficePage>
  );
}
