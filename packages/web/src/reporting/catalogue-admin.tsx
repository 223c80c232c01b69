import {
  aggregationLabels,
  aggregationRules,
  automaticSourceLabels,
  automaticSources,
  indicatorValueTypes,
  type ReportingPeriodKind,
  reportingPeriodKindLabels,
  reportingPeriodKinds,
} from '@congso/core';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { AgencyPicker } from '../identity/agency-picker';
import { type AgencyRef, identityApi } from '../identity/api';
import {
  type Assignment,
  type Indicator,
  type IndicatorInput,
  reportingApi,
  reportingKeys,
  type Template,
  type TemplateInput,
} from './api';
import { L } from './labels';

/** The province administrator's forms of the catalogue: indicators, template revisions, assignments. */

export const A = {
  addIndicator: { vi: 'Thêm chỉ tiêu', en: 'Add an indicator' },
  editIndicator: { vi: 'Sửa chỉ tiêu', en: 'Edit the indicator' },
  addTemplate: { vi: 'Thêm mẫu báo cáo', en: 'Add a template' },
  editTemplate: { vi: 'Sửa mẫu (tạo phiên bản mới)', en: 'Edit (new revision)' },
  edit: { vi: 'Sửa', en: 'Edit' },
  cancel: { vi: 'Hủy', en: 'Cancel' },
  code: { vi: 'Mã', en: 'Code' },
  nameVi: { vi: 'Tên (tiếng Việt)', en: 'Name (Vietnamese)' },
  nameEn: { vi: 'Tên (tiếng Anh)', en: 'Name (English)' },
  valueType: { vi: 'Kiểu giá trị', en: 'Value type' },
  min: { vi: 'Giá trị nhỏ nhất', en: 'Minimum' },
  max: { vi: 'Giá trị lớn nhất', en: 'Maximum' },
  responsible: { vi: 'Cơ quan chịu trách nhiệm', en: 'Responsible agency' },
  sourceField: { vi: 'Nguồn số liệu', en: 'Source of the figure' },
  bySelf: { vi: 'Cơ quan tự nhập', en: 'Entered by the agency' },
  note: { vi: 'Ghi chú', en: 'Note' },
  range: { vi: 'Khoảng hợp lệ', en: 'Valid range' },
  items: { vi: 'Chỉ tiêu trong mẫu', en: 'Indicators in the template' },
  include: { vi: 'Đưa vào mẫu', en: 'In the template' },
  required: { vi: 'Bắt buộc', en: 'Required' },
  conflict: {
    vi: 'Người khác vừa sửa mục này. Dữ liệu mới nhất đã được tải lại; vui lòng mở lại và sửa tiếp.',
    en: 'Someone else has just changed this. The latest data has been reloaded; open it again and redo your change.',
  },
  assignments: { vi: 'Giao mẫu báo cáo cho cơ quan', en: 'Templates assigned to agencies' },
  assign: { vi: 'Giao mẫu', en: 'Assign' },
  fromPeriod: { vi: 'Từ kỳ (ví dụ 2026-11, 2026-Q4, 2026)', en: 'From the period (e.g. 2026-11, 2026-Q4, 2026)' },
  fromPeriodShort: { vi: 'Từ kỳ', en: 'From' },
  active: { vi: 'Đang áp dụng', en: 'Active' },
  stopped: { vi: 'Đã dừng', en: 'Stopped' },
  stop: { vi: 'Dừng', en: 'Stop' },
  resume: { vi: 'Áp dụng lại', en: 'Resume' },
  noAssignments: { vi: 'Chưa giao mẫu nào.', en: 'No template assigned yet.' },
  valueTypes: {
    integer: { vi: 'Số nguyên', en: 'Whole number' },
    decimal: { vi: 'Số thập phân', en: 'Decimal' },
    percent: { vi: 'Tỷ lệ (%)', en: 'Percentage' },
    text: { vi: 'Văn bản', en: 'Text' },
  },
} as const;

/** An action's failure: a version conflict says the data was reloaded; anything else, the server's message. */
export function ConflictOr({ error }: { error: unknown }) {
  const { pick } = useLanguage();
  return isApiError(error, 'VERSION_CONFLICT') ? (
    <Alert color="orange" role="alert" data-testid="version-conflict">
      {pick(A.conflict)}
    </Alert>
  ) : (
    <ErrorAlert error={error} />
  );
}

const num = (v: string | number) => (v === '' || v === null ? null : Number(v));

function useAgencyRef(id: string | null): [AgencyRef | null, (a: AgencyRef | null) => void] {
  const [picked, setPicked] = useState<AgencyRef | null | undefined>(undefined);
  const initial = useQuery({
    queryKey: ['agencies', 'one', id],
    queryFn: async (): Promise<AgencyRef> => {
      const a = await identityApi.agency(id as string);
      return { id: a.id, code: a.code, name: a.name, shortName: a.shortName };
    },
    enabled: id !== null && picked === undefined,
  });
  return [picked === undefined ? (initial.data ?? null) : picked, setPicked];
}

export function IndicatorForm({ indicator, onDone }: { indicator: Indicator | null; onDone: () => void }) {
  const { pick, language } = useLanguage();
  const client = useQueryClient();
  const [input, setInput] = useState<IndicatorInput>(
    indicator
      ? {
          code: indicator.code,
          nameVi: indicator.nameVi,
          nameEn: indicator.nameEn,
          unit: indicator.unit,
          valueType: indicator.valueType,
          aggregation: indicator.aggregation,
          responsibleAgencyId: indicator.responsibleAgencyId,
          min: indicator.min,
          max: indicator.max,
          source: indicator.source,
          note: indicator.note,
        }
      : {
          code: '',
          nameVi: '',
          nameEn: '',
          unit: '',
          valueType: 'integer',
          aggregation: 'sum',
          responsibleAgencyId: null,
          min: 0,
          max: null,
          source: null,
          note: null,
        },
  );
  const [agency, setAgency] = useAgencyRef(indicator?.responsibleAgencyId ?? null);
  const save = useMutation({
    mutationFn: () => {
      const body = { ...input, responsibleAgencyId: agency?.id ?? null };
      return indicator
        ? reportingApi.editIndicator(indicator.id, indicator.version, body)
        : reportingApi.createIndicator(body);
    },
    onSuccess: () => {
      client.invalidateQueries({ queryKey: reportingKeys.indicators });
      onDone();
    },
    onError: (error) => {
      if (isApiError(error, 'VERSION_CONFLICT')) client.invalidateQueries({ queryKey: reportingKeys.indicators });
    },
  });
  const set = (patch: Partial<IndicatorInput>) => setInput({ ...input, ...patch });
  return (
    <Stack gap="sm" data-testid="indicator-form">
      {save.isError && <ConflictOr error={save.error} />}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={pick(A.code)}
          required
          value={input.code}
          onChange={(e) => set({ code: e.currentTarget.value.toUpperCase() })}
          data-testid="indicator-code"
        />
        <TextInput
          label={pick(L.unit)}
          required
          value={input.unit}
          onChange={(e) => set({ unit: e.currentTarget.value })}
          data-testid="indicator-unit"
        />
      </SimpleGrid>
      <TextInput
        label={pick(A.nameVi)}
        required
        value={input.nameVi}
        onChange={(e) => set({ nameVi: e.currentTarget.value })}
        data-testid="indicator-name-vi"
      />
      <TextInput
        label={pick(A.nameEn)}
        required
        value={input.nameEn}
        onChange={(e) => set({ nameEn: e.currentTarget.value })}
        data-testid="indicator-name-en"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={pick(A.valueType)}
          data={indicatorValueTypes.map((v) => ({ value: v, label: pick(A.valueTypes[v]) }))}
          value={input.valueType}
          allowDeselect={false}
          onChange={(v) =>
            v &&
            set({
              valueType: v as IndicatorInput['valueType'],
              ...(v === 'text' ? { aggregation: 'none', min: null, max: null } : {}),
            })
          }
          data-testid="indicator-value-type"
        />
        <Select
          label={pick(L.aggregation)}
          data={aggregationRules.map((v) => ({ value: v, label: aggregationLabels[v][language] }))}
          value={input.aggregation}
          allowDeselect={false}
          onChange={(v) => v && set({ aggregation: v as IndicatorInput['aggregation'] })}
          data-testid="indicator-aggregation"
        />
      </SimpleGrid>
      {input.valueType !== 'text' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={pick(A.min)}
            value={input.min ?? ''}
            onChange={(v) => set({ min: num(v) })}
            data-testid="indicator-min"
          />
          <NumberInput
            label={pick(A.max)}
            value={input.max ?? ''}
            onChange={(v) => set({ max: num(v) })}
            data-testid="indicator-max"
          />
        </SimpleGrid>
      )}
      <AgencyPicker
        label={pick(A.responsible)}
        value={agency}
        onChange={setAgency}
        clearable
        testId="indicator-agency"
      />
      <Select
        label={pick(A.sourceField)}
        data={[
          { value: '', label: pick(A.bySelf) },
          ...automaticSources.map((v) => ({
            value: v,
            label: `${automaticSourceLabels[v][language]} (${pick(L.automatic)})`,
          })),
        ]}
        value={input.source ?? ''}
        allowDeselect={false}
        onChange={(v) => set({ source: v ? (v as IndicatorInput['source']) : null })}
        data-testid="indicator-source"
      />
      <TextInput
        label={pick(A.note)}
        value={input.note ?? ''}
        onChange={(e) => set({ note: e.currentTarget.value || null })}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {pick(A.cancel)}
        </Button>
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="indicator-save">
          {pick(L.save)}
        </Button>
      </Group>
    </Stack>
  );
}

export function TemplateForm({
  template,
  indicators,
  onDone,
}: {
  template: Template | null;
  indicators: Indicator[];
  onDone: () => void;
}) {
  const { pick, language } = useLanguage();
  const client = useQueryClient();
  const [input, setInput] = useState<TemplateInput>(
    template
      ? {
          code: template.code,
          nameVi: template.nameVi,
          nameEn: template.nameEn,
          periodKind: template.periodKind,
          deadlineWorkingDays: template.deadlineWorkingDays,
          items: template.items,
        }
      : { code: '', nameVi: '', nameEn: '', periodKind: 'month', deadlineWorkingDays: 2, items: [] },
  );
  const save = useMutation({
    mutationFn: () => reportingApi.saveTemplate(input, template?.revision ?? 0),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: reportingKeys.templates });
      onDone();
    },
    onError: (error) => {
      if (isApiError(error, 'VERSION_CONFLICT')) client.invalidateQueries({ queryKey: reportingKeys.templates });
    },
  });
  const set = (patch: Partial<TemplateInput>) => setInput({ ...input, ...patch });
  const item = (id: string) => input.items.find((i) => i.indicatorId === id);
  const toggle = (id: string, on: boolean) =>
    set({
      items: on
        ? [...input.items, { indicatorId: id, required: true }]
        : input.items.filter((i) => i.indicatorId !== id),
    });
  const setRequired = (id: string, required: boolean) =>
    set({ items: input.items.map((i) => (i.indicatorId === id ? { ...i, required } : i)) });
  return (
    <Stack gap="sm" data-testid="template-form">
      {save.isError && <ConflictOr error={save.error} />}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={pick(A.code)}
          required
          disabled={template !== null}
          value={input.code}
          onChange={(e) => set({ code: e.currentTarget.value.toUpperCase() })}
          data-testid="template-code"
        />
        <Select
          label={pick(L.periodKind)}
          data={reportingPeriodKinds.map((k) => ({ value: k, label: reportingPeriodKindLabels[k][language] }))}
          value={input.periodKind}
          allowDeselect={false}
          onChange={(v) => v && set({ periodKind: v as ReportingPeriodKind })}
          data-testid="template-period-kind"
        />
      </SimpleGrid>
      <TextInput
        label={pick(A.nameVi)}
        required
        value={input.nameVi}
        onChange={(e) => set({ nameVi: e.currentTarget.value })}
        data-testid="template-name-vi"
      />
      <TextInput
        label={pick(A.nameEn)}
        required
        value={input.nameEn}
        onChange={(e) => set({ nameEn: e.currentTarget.value })}
        data-testid="template-name-en"
      />
      <NumberInput
        label={pick(L.workingDays)}
        min={0}
        max={30}
        value={input.deadlineWorkingDays}
        onChange={(v) => set({ deadlineWorkingDays: Number(v) || 0 })}
        data-testid="template-deadline"
      />
      <Text fw={600} size="sm">
        {pick(A.items)}
      </Text>
      <div className="table-scroll">
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{pick(L.indicator)}</Table.Th>
              <Table.Th>{pick(A.include)}</Table.Th>
              <Table.Th>{pick(A.required)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {indicators.map((i) => {
              const name = `${i.code} · ${language === 'vi' ? i.nameVi : i.nameEn}`;
              const it = item(i.id);
              return (
                <Table.Tr key={i.id}>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td>
                    <Checkbox
                      aria-label={`${pick(A.include)}: ${name}`}
                      checked={it !== undefined}
                      onChange={(e) => toggle(i.id, e.currentTarget.checked)}
                      data-testid={`template-item-${i.code}`}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Checkbox
                      aria-label={`${pick(A.required)}: ${name}`}
                      checked={it?.required ?? false}
                      disabled={it === undefined}
                      onChange={(e) => setRequired(i.id, e.currentTarget.checked)}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </div>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {pick(A.cancel)}
        </Button>
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="template-save">
          {pick(L.save)}
        </Button>
      </Group>
    </Stack>
  );
}

function AssignForm({ templates }: { templates: Template[] }) {
  const { pick, language } = useLanguage();
  const client = useQueryClient();
  const [templateCode, setTemplateCode] = useState<string | null>(null);
  const [agency, setAgency] = useState<AgencyRef | null>(null);
  const [fromPeriodKey, setFrom] = useState('');
  const assign = useMutation({
    mutationFn: () =>
      reportingApi.assign({
        templateCode: templateCode ?? '',
        agencyId: agency?.id ?? '',
        fromPeriodKey: fromPeriodKey.trim(),
      }),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: reportingKeys.assignments });
      setAgency(null);
    },
  });
  return (
    <Stack gap="sm" data-testid="assign-form">
      {assign.isError && <ErrorAlert error={assign.error} />}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select
          label={pick(L.template)}
          required
          data={templates.map((t) => ({
            value: t.code,
            label: `${t.code} · ${language === 'vi' ? t.nameVi : t.nameEn}`,
          }))}
          value={templateCode}
          onChange={setTemplateCode}
          data-testid="assign-template"
        />
        <AgencyPicker label={pick(L.agency)} value={agency} onChange={setAgency} required testId="assign-agency" />
        <TextInput
          label={pick(A.fromPeriod)}
          required
          value={fromPeriodKey}
          onChange={(e) => setFrom(e.currentTarget.value)}
          data-testid="assign-from"
        />
      </SimpleGrid>
      <Group justify="flex-end">
        <Button onClick={() => assign.mutate()} loading={assign.isPending} data-testid="assign-save">
          {pick(A.assign)}
        </Button>
      </Group>
    </Stack>
  );
}

function AssignmentRow({ a, manage }: { a: Assignment; manage: boolean }) {
  const { pick } = useLanguage();
  const client = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => reportingApi.setAssignmentActive(a.id, !a.active, a.version),
    onSettled: () => client.invalidateQueries({ queryKey: reportingKeys.assignments }),
  });
  return (
    <Table.Tr data-testid="assignment-row">
      <Table.Td>{a.templateCode}</Table.Td>
      <Table.Td>{a.agencyName}</Table.Td>
      <Table.Td>{a.fromPeriodKey}</Table.Td>
      <Table.Td>
        <Text size="sm" fw={600} c={a.active ? 'green.9' : 'gray.8'}>
          {pick(a.active ? A.active : A.stopped)}
        </Text>
        {toggle.isError && <ConflictOr error={toggle.error} />}
      </Table.Td>
      {manage && (
        <Table.Td>
          <Button
            size="xs"
            variant="default"
            onClick={() => toggle.mutate()}
            loading={toggle.isPending}
            aria-label={`${pick(a.active ? A.stop : A.resume)}: ${a.templateCode} · ${a.agencyName}`}
          >
            {pick(a.active ? A.stop : A.resume)}
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

export function AssignmentsCard({ templates, manage }: { templates: Template[]; manage: boolean }) {
  const { pick } = useLanguage();
  const assignments = useQuery({ queryKey: reportingKeys.assignments, queryFn: () => reportingApi.assignments() });
  const items = assignments.data?.items ?? [];
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="assignments-heading">
      <Title order={2} size="h4" mb="xs" id="assignments-heading">
        {pick(A.assignments)}
      </Title>
      {assignments.isError && <ErrorAlert error={assignments.error} />}
      {manage && <AssignForm templates={templates} />}
      {items.length === 0 ? (
        <Text c="dimmed" size="sm" mt="sm">
          {pick(A.noAssignments)}
        </Text>
      ) : (
        <div className="table-scroll">
          <Table striped mt="sm" data-testid="assignments-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{pick(L.template)}</Table.Th>
                <Table.Th>{pick(L.agency)}</Table.Th>
                <Table.Th>{pick(A.fromPeriodShort)}</Table.Th>
                <Table.Th>{pick(L.status)}</Table.Th>
                {manage && <Table.Th>{pick(A.edit)}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <AssignmentRow key={a.id} a={a} manage={manage} />
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Card>
  );
}

/** A modal holding one of the forms; `title` names it. */
export function FormModal({
  opened,
  title,
  onClose,
  children,
}: {
  opened: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg">
      {children}
    </Modal>
  );
}
