import { type AgencyLevel, agencyLevelLabels, type OpenWorkFileBody, openWorkFileBodySchema } from '@congso/core';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { formatDateTime, formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useSession } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { type OnlineShareReport, officeApi, officeKeys, type WorkFile } from './api';
import { CountField, numberOrUndefined, textOrUndefined } from './fields';
import { useBodyForm } from './form';
import { useOfficeT } from './i18n';
import { OfficePage } from './layout';
import { seesOnlineShare } from './roles';
import { TableScroll } from './scroll';

export function useRetentionText() {
  const t = useOfficeT();
  return (retention: WorkFile['retention']) =>
    retention === 'permanent' ? t('workFiles.permanent') : t('workFiles.retentionYears', { count: retention });
}

const percent = (share: number | null, language: 'vi' | 'en') =>
  share === null ? '—' : `${formatNumber(Math.round(share * 1000) / 10, language)} %`;

function OpenForm({ onOpened }: { onOpened: (file: WorkFile) => void }) {
  const t = useOfficeT();
  const queryClient = useQueryClient();
  const toBody = (v: { code: string; title: string; years: number | string; permanent: boolean; note: string }) =>
    ({
      code: v.code,
      title: v.title,
      retention: v.permanent ? 'permanent' : (numberOrUndefined(v.years) as number),
      note: textOrUndefined(v.note),
    }) as OpenWorkFileBody;
  const { form, showServerErrors } = useBodyForm({
    initialValues: { code: '', title: '', years: 10 as number | string, permanent: false, note: '' },
    schema: openWorkFileBodySchema,
    toBody,
    fieldOf: (path) => (path.startsWith('retention') ? 'years' : path),
  });
  const mutation = useMutation({
    mutationFn: (body: OpenWorkFileBody) => officeApi.openWorkFile(body),
    onSuccess: (file) => {
      form.reset();
      void queryClient.invalidateQueries({ queryKey: officeKeys.workFiles });
      onOpened(file);
    },
    onError: (error) => {
      showServerErrors(error);
    },
  });
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="open-work-file">
      <Title order={2} size="h5" mb="xs" id="open-work-file">
        {t('workFiles.open')}
      </Title>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          if (!mutation.isPending) mutation.mutate(toBody(values));
        })}
      >
        <Grid gap="sm" align="flex-end">
          <Grid.Col span={{ base: 12, sm: 3 }}>
            <TextInput label={t('workFiles.code')} required {...form.getInputProps('code')} data-testid="wf-code" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 9 }}>
            <TextInput
              label={t('workFiles.heading')}
              required
              {...form.getInputProps('title')}
              data-testid="wf-title"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <CountField
              label={t('workFiles.retention')}
              max={100}
              disabled={form.values.permanent}
              {...form.getInputProps('years')}
              data-testid="wf-years"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <Checkbox
              label={t('workFiles.permanentLabel')}
              {...form.getInputProps('permanent', { type: 'checkbox' })}
              data-testid="wf-permanent"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Textarea
              label={`${t('workFiles.note')} (${t('metadata.optional')})`}
              autosize
              minRows={1}
              {...form.getInputProps('note')}
            />
          </Grid.Col>
        </Grid>
        {mutation.isError && !isApiError(mutation.error, 'VALIDATION_FAILED') && (
          <ErrorAlert error={mutation.error} testId="wf-error" />
        )}
        <Group justify="flex-end" mt="sm">
          <Button type="submit" loading={mutation.isPending} data-testid="wf-submit">
            {t('workFiles.open')}
          </Button>
        </Group>
      </form>
    </Card>
  );
}

function OnlineShare({ report }: { report: OnlineShareReport }) {
  const t = useOfficeT();
  const { pick, language } = useLanguage();
  const level = (l: string) => pick(agencyLevelLabels[l as AgencyLevel]) || l;
  const verdict = (meets: boolean | null) =>
    meets === null ? (
      <Text size="xs" c="dimmed">
        {t('workFiles.noData')}
      </Text>
    ) : (
      <Badge color={meets ? 'green.8' : 'red.8'} variant="filled" tt="none" radius="sm" size="sm">
        {meets ? t('workFiles.meets') : t('workFiles.misses')}
      </Badge>
    );
  return (
    <Card withBorder radius="md" padding={0} component="section" aria-labelledby="online-share">
      <Title order={2} size="h5" p="md" pb={0} id="online-share">
        {t('workFiles.share', { year: report.year })}
      </Title>
      <TableScroll minWidth={720} label={t('workFiles.share', { year: report.year })}>
        <Table verticalSpacing={6} horizontalSpacing="sm" className="desk-table" data-testid="online-share">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('workFiles.shareAgency')}</Table.Th>
              <Table.Th scope="col">{t('workFiles.shareClosed')}</Table.Th>
              <Table.Th scope="col">{t('workFiles.shareOnline')}</Table.Th>
              <Table.Th scope="col">{t('workFiles.shareValue')}</Table.Th>
              <Table.Th scope="col">{t('workFiles.shareTarget')}</Table.Th>
              <Table.Th scope="col">
                <span className="office-sr-only">{t('workFiles.meets')}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.levels.map((row) => (
              <Table.Tr key={`level-${row.level}`} fw={600}>
                <Table.Td>{level(row.level)}</Table.Td>
                <Table.Td>{formatNumber(row.closed, language)}</Table.Td>
                <Table.Td>{formatNumber(row.online, language)}</Table.Td>
                <Table.Td>{percent(row.share, language)}</Table.Td>
                <Table.Td>{percent(row.target, language)}</Table.Td>
                <Table.Td>{verdict(row.meetsTarget)}</Table.Td>
              </Table.Tr>
            ))}
            {report.agencies.map((row) => (
              <Table.Tr key={row.agencyId}>
                <Table.Td>
                  {row.agencyName}{' '}
                  <Text span size="xs" c="dimmed">
                    ({level(row.level)})
                  </Text>
                </Table.Td>
                <Table.Td>{formatNumber(row.closed, language)}</Table.Td>
                <Table.Td>{formatNumber(row.online, language)}</Table.Td>
                <Table.Td>{percent(row.share, language)}</Table.Td>
                <Table.Td>{percent(row.target, language)}</Table.Td>
                <Table.Td>{verdict(row.meetsTarget)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Card>
  );
}

function WorkFiles() {
  const t = useOfficeT();
  const { t: tt } = useTranslation();
  const { language } = useLanguage();
  const { me } = useSession();
  const retentionText = useRetentionText();
  const [opened, setOpened] = useState<WorkFile | null>(null);
  useDocumentTitle(t('workFiles.title'));
  const files = useQuery({ queryKey: officeKeys.workFiles, queryFn: () => officeApi.workFiles() });
  const year = new Date().getFullYear();
  const share = useQuery({
    queryKey: officeKeys.onlineShare(year),
    queryFn: () => officeApi.onlineShare(),
    enabled: seesOnlineShare(me),
  });
  const items = files.data?.items ?? [];
  return (
    <Stack gap="md" data-testid="work-files-page">
      <div>
        <Title order={1} size="h2">
          {t('workFiles.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('workFiles.intro', { agency: me?.agency?.name ?? '' })}
        </Text>
      </div>
      {opened && (
        <Text size="sm" role="status" c="green.8" fw={500} data-testid="wf-opened">
          {t('workFiles.created', { code: opened.code })}{' '}
          <Anchor component={Link} to={`/van-ban/ho-so/${opened.id}`} size="sm">
            {opened.title}
          </Anchor>
        </Text>
      )}
      <OpenForm onOpened={setOpened} />
      {files.isError && <ErrorAlert error={files.error} onRetry={() => files.refetch()} />}
      <Card withBorder radius="md" padding={0}>
        <TableScroll minWidth={820} label={t('workFiles.table')}>
          <Table
            striped
            verticalSpacing={6}
            horizontalSpacing="sm"
            aria-label={t('workFiles.table')}
            className="desk-table"
            data-testid="work-files-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w={110}>
                  {t('workFiles.code')}
                </Table.Th>
                <Table.Th scope="col">{t('workFiles.heading')}</Table.Th>
                <Table.Th scope="col" w={130}>
                  {t('workFiles.retention')}
                </Table.Th>
                <Table.Th scope="col" w={120}>
                  {t('workFiles.state')}
                </Table.Th>
                <Table.Th scope="col" w={140}>
                  {t('workFiles.online')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((file) => (
                <Table.Tr key={file.id} data-testid="work-file-row">
                  <Table.Td className="congso-code">{file.code}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/van-ban/ho-so/${file.id}`} size="sm" data-testid="work-file-link">
                      {file.title}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {t('workFiles.opened', { time: formatDateTime(file.openedAt, language) })}
                    </Text>
                  </Table.Td>
                  <Table.Td>{retentionText(file.retention)}</Table.Td>
                  <Table.Td>{file.closedAt ? t('workFiles.closedState') : t('workFiles.openState')}</Table.Td>
                  <Table.Td>
                    {file.handledOnline === true
                      ? t('workFiles.onlineYes')
                      : file.handledOnline === false
                        ? t('workFiles.onlineNo')
                        : tt('app.common.none')}
                  </Table.Td>
                </Table.Tr>
              ))}
              {files.data && items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text size="sm" c="dimmed" ta="center" py="lg">
                      {t('workFiles.empty')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
      {share.data && <OnlineShare report={share.data} />}
      {share.isError && <ErrorAlert error={share.error} />}
    </Stack>
  );
}

/** /van-ban/ho-so: the agency's work files and the share handled online. */
export default function WorkFilesPage() {
  return (
    <OfficePage>
      <WorkFiles />
    </OfficePage>
  );
}
