import { Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { hasPermission, useMe } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { type Indicator, reportingApi, reportingKeys, type Template } from './api';
import { A, AssignmentsCard, FormModal, IndicatorForm, TemplateForm } from './catalogue-admin';
import { L, periodKinds } from './labels';
import { ReportingPage } from './layout';

const aggregations: Record<string, { vi: string; en: string }> = {
  sum: { vi: 'Cộng', en: 'Sum' },
  avg: { vi: 'Trung bình', en: 'Average' },
  max: { vi: 'Lớn nhất', en: 'Maximum' },
  min: { vi: 'Nhỏ nhất', en: 'Minimum' },
  none: { vi: 'Không tổng hợp', en: 'Not aggregated' },
};

function Catalogue() {
  const { pick, language } = useLanguage();
  useDocumentTitle(pick(L.catalogue));
  const indicators = useQuery({ queryKey: reportingKeys.indicators, queryFn: () => reportingApi.indicators() });
  const templates = useQuery({ queryKey: reportingKeys.templates, queryFn: () => reportingApi.templates() });
  const me = useMe();
  const manage = hasPermission(me.data, 'reporting.manage');
  const [indicatorEdit, setIndicatorEdit] = useState<Indicator | 'new' | null>(null);
  const [templateEdit, setTemplateEdit] = useState<Template | 'new' | null>(null);
  const names = new Map((indicators.data?.items ?? []).map((i) => [i.id, language === 'vi' ? i.nameVi : i.nameEn]));
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {pick(L.catalogue)}
      </Title>
      {indicators.isError && <ErrorAlert error={indicators.error} />}
      <FormModal
        opened={indicatorEdit !== null}
        title={pick(indicatorEdit === 'new' ? A.addIndicator : A.editIndicator)}
        onClose={() => setIndicatorEdit(null)}
      >
        {indicatorEdit !== null && (
          <IndicatorForm
            indicator={indicatorEdit === 'new' ? null : indicatorEdit}
            onDone={() => setIndicatorEdit(null)}
          />
        )}
      </FormModal>
      <FormModal
        opened={templateEdit !== null}
        title={pick(templateEdit === 'new' ? A.addTemplate : A.editTemplate)}
        onClose={() => setTemplateEdit(null)}
      >
        {templateEdit !== null && (
          <TemplateForm
            template={templateEdit === 'new' ? null : templateEdit}
            indicators={indicators.data?.items ?? []}
            onDone={() => setTemplateEdit(null)}
          />
        )}
      </FormModal>
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="templates-heading">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4" id="templates-heading">
            {pick(L.templates)}
          </Title>
          {manage && (
            <Button size="sm" onClick={() => setTemplateEdit('new')} data-testid="template-add">
              {pick(A.addTemplate)}
            </Button>
          )}
        </Group>
        <div className="table-scroll">
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{pick(L.template)}</Table.Th>
                <Table.Th>{pick(L.revision)}</Table.Th>
                <Table.Th>{pick(L.periodKind)}</Table.Th>
                <Table.Th>{pick(L.workingDays)}</Table.Th>
                <Table.Th>{pick(L.indicators)}</Table.Th>
                <Table.Th>{pick(L.history)}</Table.Th>
                {manage && <Table.Th>{pick(A.edit)}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(templates.data?.items ?? []).map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>
                    <Text fw={600}>{language === 'vi' ? t.nameVi : t.nameEn}</Text>
                    <Text c="dimmed" size="sm">
                      {t.code}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t.revision}</Table.Td>
                  <Table.Td>{pick(periodKinds[t.periodKind])}</Table.Td>
                  <Table.Td>{t.deadlineWorkingDays}</Table.Td>
                  <Table.Td>
                    {t.items.map((i) => (
                      <Text key={i.indicatorId} size="sm">
                        {`${names.get(i.indicatorId) ?? ''}${i.required ? '' : ` (${language === 'vi' ? 'không bắt buộc' : 'optional'})`}`}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      component={Link}
                      to={`/bao-cao/danh-muc/mau/${encodeURIComponent(t.code)}`}
                      data-testid={`template-history-${t.code}`}
                    >
                      {`${pick(L.history)} ${t.code}`}
                    </Button>
                  </Table.Td>
                  {manage && (
                    <Table.Td>
                      <Button size="xs" variant="default" onClick={() => setTemplateEdit(t)}>
                        {`${pick(A.edit)} ${t.code}`}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      </Card>
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="indicators-heading">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4" id="indicators-heading">
            {pick(L.indicators)}
          </Title>
          {manage && (
            <Button size="sm" onClick={() => setIndicatorEdit('new')} data-testid="indicator-add">
              {pick(A.addIndicator)}
            </Button>
          )}
        </Group>
        <div className="table-scroll">
          <Table striped data-testid="indicators-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{pick(L.indicator)}</Table.Th>
                <Table.Th>{pick(L.unit)}</Table.Th>
                <Table.Th>{pick(A.valueType)}</Table.Th>
                <Table.Th>{pick(A.range)}</Table.Th>
                <Table.Th>{pick(L.aggregation)}</Table.Th>
                <Table.Th>{pick(L.source)}</Table.Th>
                {manage && <Table.Th>{pick(A.edit)}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(indicators.data?.items ?? []).map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>{`${i.code} · ${language === 'vi' ? i.nameVi : i.nameEn}`}</Table.Td>
                  <Table.Td>{i.unit}</Table.Td>
                  <Table.Td>{pick(A.valueTypes[i.valueType])}</Table.Td>
                  <Table.Td>{i.min === null && i.max === null ? '—' : `${i.min ?? '…'} – ${i.max ?? '…'}`}</Table.Td>
                  <Table.Td>{pick(aggregations[i.aggregation] ?? { vi: i.aggregation, en: i.aggregation })}</Table.Td>
                  <Table.Td>{i.source ? pick(L.automatic) : pick(L.manual)}</Table.Td>
                  {manage && (
                    <Table.Td>
                      <Button size="xs" variant="default" onClick={() => setIndicatorEdit(i)}>
                        {`${pick(A.edit)} ${i.code}`}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      </Card>
      <AssignmentsCard templates={templates.data?.items ?? []} manage={manage} />
    </Stack>
  );
}

export default function CataloguePage() {
  return (
    <ReportingPage>
      <Catalogue />
    </ReportingPage>
  );
}
