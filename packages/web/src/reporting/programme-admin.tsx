import {
  type ProjectStatus,
  projectStatuses,
  type TargetMetric,
  targetMetricLabels,
  targetMetrics,
} from '@congso/core';
import { ActionIcon, Button, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { AgencyPicker } from '../identity/agency-picker';
import type { AgencyRef } from '../identity/api';
import { type Programme, type ProjectInput, reportingApi, reportingKeys, type YearRank } from './api';
import { A } from './catalogue-admin';
import { L } from './labels';

/** The province administrator's forms of the programme: a project with its targets, a year's ranks. */

export const P = {
  addProject: { vi: 'Thêm dự án', en: 'Add a project' },
  editProject: { vi: 'Sửa dự án', en: 'Edit the project' },
  name: { vi: 'Tên dự án', en: 'Project name' },
  start: { vi: 'Ngày bắt đầu', en: 'Start date' },
  end: { vi: 'Ngày kết thúc', en: 'End date' },
  targetName: { vi: 'Tên mục tiêu', en: 'Target name' },
  metric: { vi: 'Đo bằng', en: 'Measured by' },
  target: { vi: 'Mục tiêu', en: 'Target' },
  actual: { vi: 'Đạt được (nhập tay)', en: 'Reached (entered by hand)' },
  measured: { vi: 'đo được', en: 'measured' },
  reached: { vi: 'đạt', en: 'reached' },
  progress: { vi: 'Tiến độ', en: 'Progress' },
  addTarget: { vi: 'Thêm mục tiêu', en: 'Add a target' },
  removeTarget: { vi: 'Bỏ mục tiêu', en: 'Remove the target' },
  measuredNote: {
    vi: 'Chỉ tiêu đo tự động lấy số liệu của hệ thống, không nhập tay.',
    en: 'A measured target takes the platform’s own figure; it is not typed in.',
  },
  enterRanks: { vi: 'Nhập xếp hạng của năm', en: 'Enter a year’s ranks' },
  figures: { vi: 'Số liệu đo được trên hệ thống, năm {year}', en: 'Figures measured on the platform, {year}' },
  noData: { vi: 'chưa có số liệu', en: 'no data' },
  status: { vi: 'Trạng thái', en: 'Status' },
} as const;

const projectStatusLabels = {
  proposed: { vi: 'Đề xuất', en: 'Proposed' },
  appraisal: { vi: 'Thẩm định', en: 'Appraisal' },
  design: { vi: 'Thiết kế', en: 'Design' },
  implementing: { vi: 'Triển khai', en: 'Implementing' },
  done: { vi: 'Hoàn thành', en: 'Done' },
} as const satisfies Record<ProjectStatus, { vi: string; en: string }>;

type Project = Programme['projects'][number];

function ConflictOr({ error }: { error: unknown }) {
  const { pick } = useLanguage();
  return isApiError(error, 'VERSION_CONFLICT') ? (
    <ErrorAlert error={error} title={pick(A.conflict)} />
  ) : (
    <ErrorAlert error={error} />
  );
}

export function ProjectForm({ project, onDone }: { project: Project | null; onDone: () => void }) {
  const { pick, language } = useLanguage();
  const client = useQueryClient();
  const [input, setInput] = useState<ProjectInput>(
    project
      ? {
          code: project.code,
          name: project.name,
          status: project.status,
          ownerAgencyId: project.ownerAgencyId,
          budgetVnd: project.budgetVnd,
          startDate: project.startDate,
          endDate: project.endDate,
          targets: project.targets.map((t) =>
            t.automatic
              ? { name: t.name, metric: t.metric, target: t.target }
              : { name: t.name, metric: t.metric, target: t.target, actual: t.actual },
          ),
          note: project.note,
        }
      : {
          code: '',
          name: '',
          status: 'proposed',
          ownerAgencyId: '',
          budgetVnd: 0,
          startDate: '',
          endDate: '',
          targets: [],
          note: null,
        },
  );
  const [owner, setOwner] = useState<AgencyRef | null>(
    project ? { id: project.ownerAgencyId, code: '', name: project.ownerAgencyName, shortName: null } : null,
  );
  const save = useMutation({
    mutationFn: () => {
      const body = { ...input, ownerAgencyId: owner?.id ?? '' };
      return project ? reportingApi.editProject(project.id, project.version, body) : reportingApi.createProject(body);
    },
    onSuccess: () => {
      client.invalidateQueries({ queryKey: reportingKeys.programme });
      onDone();
    },
    onError: (error) => {
      if (isApiError(error, 'VERSION_CONFLICT')) client.invalidateQueries({ queryKey: reportingKeys.programme });
    },
  });
  const set = (patch: Partial<ProjectInput>) => setInput({ ...input, ...patch });
  const setTarget = (i: number, patch: Partial<ProjectInput['targets'][number]>) =>
    set({ targets: input.targets.map((t, j) => (j === i ? { ...t, ...patch } : t)) });
  return (
    <Stack gap="sm" data-testid="project-form">
      {save.isError && <ConflictOr error={save.error} />}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={pick(A.code)}
          required
          value={input.code}
          onChange={(e) => set({ code: e.currentTarget.value.toUpperCase() })}
          data-testid="project-code"
        />
        <Select
          label={pick(P.status)}
          data={projectStatuses.map((s) => ({ value: s, label: pick(projectStatusLabels[s]) }))}
          value={input.status}
          allowDeselect={false}
          onChange={(v) => v && set({ status: v as ProjectStatus })}
          data-testid="project-status-select"
        />
      </SimpleGrid>
      <TextInput
        label={pick(P.name)}
        required
        value={input.name}
        onChange={(e) => set({ name: e.currentTarget.value })}
        data-testid="project-name"
      />
      <AgencyPicker
        label={pick(L.owner)}
        value={owner}
        onChange={setOwner}
        required
        testId="project-owner"
        key={owner?.id ?? 'none'}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NumberInput
          label={pick(L.budget)}
          min={0}
          thousandSeparator="."
          decimalSeparator=","
          value={input.budgetVnd}
          onChange={(v) => set({ budgetVnd: Number(v) || 0 })}
          data-testid="project-budget"
        />
        <TextInput
          type="date"
          label={pick(P.start)}
          required
          value={input.startDate}
          onChange={(e) => set({ startDate: e.currentTarget.value })}
          data-testid="project-start"
        />
        <TextInput
          type="date"
          label={pick(P.end)}
          required
          value={input.endDate}
          onChange={(e) => set({ endDate: e.currentTarget.value })}
          data-testid="project-end"
        />
      </SimpleGrid>
      <Text fw={600} size="sm">
        {pick(L.targets)}
      </Text>
      <Text size="sm" c="dimmed">
        {pick(P.measuredNote)}
      </Text>
      {input.targets.map((t, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: targets have no id; their order is their identity here
        <Group key={i} align="flex-end" gap="xs" wrap="wrap" data-testid="target-row">
          <TextInput
            label={`${pick(P.targetName)} ${i + 1}`}
            required
            value={t.name}
            onChange={(e) => setTarget(i, { name: e.currentTarget.value })}
            style={{ flex: '2 1 12rem' }}
            data-testid={`target-name-${i}`}
          />
          <Select
            label={`${pick(P.metric)} ${i + 1}`}
            data={targetMetrics.map((m) => ({ value: m, label: targetMetricLabels[m][language] }))}
            value={t.metric}
            allowDeselect={false}
            onChange={(v) =>
              v &&
              setTarget(i, {
                metric: v as TargetMetric,
                actual: v === 'manual' ? (t.actual ?? null) : undefined,
              })
            }
            style={{ flex: '3 1 16rem' }}
            data-testid={`target-metric-${i}`}
          />
          <NumberInput
            label={`${pick(P.target)} ${i + 1}`}
            min={0}
            value={t.target}
            onChange={(v) => setTarget(i, { target: Number(v) || 0 })}
            style={{ flex: '1 1 6rem' }}
            data-testid={`target-value-${i}`}
          />
          {t.metric === 'manual' && (
            <NumberInput
              label={`${pick(P.actual)} ${i + 1}`}
              min={0}
              value={t.actual ?? ''}
              onChange={(v) => setTarget(i, { actual: v === '' ? null : Number(v) })}
              style={{ flex: '1 1 6rem' }}
            />
          )}
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={`${pick(P.removeTarget)} ${i + 1}`}
            onClick={() => set({ targets: input.targets.filter((_, j) => j !== i) })}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="default"
          size="xs"
          onClick={() =>
            set({ targets: [...input.targets, { name: '', metric: 'work_files_online_share', target: 90 }] })
          }
          data-testid="target-add"
        >
          {pick(P.addTarget)}
        </Button>
      </Group>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {pick(A.cancel)}
        </Button>
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="project-save">
          {pick(L.save)}
        </Button>
      </Group>
    </Stack>
  );
}

export function RankForm({
  ranks,
  defaultYear,
  onDone,
}: {
  ranks: YearRank[];
  defaultYear: number;
  onDone: () => void;
}) {
  const { pick } = useLanguage();
  const client = useQueryClient();
  const [year, setYear] = useState(defaultYear);
  const existing = ranks.find((r) => r.year === year);
  const [values, setValues] = useState<Omit<YearRank, 'year' | 'version'>>({
    dtiRank: existing?.dtiRank ?? null,
    dtiScore: existing?.dtiScore ?? null,
    serviceRank: existing?.serviceRank ?? null,
    serviceScore: existing?.serviceScore ?? null,
  });
  const pickYear = (y: number) => {
    setYear(y);
    const r = ranks.find((x) => x.year === y);
    setValues({
      dtiRank: r?.dtiRank ?? null,
      dtiScore: r?.dtiScore ?? null,
      serviceRank: r?.serviceRank ?? null,
      serviceScore: r?.serviceScore ?? null,
    });
  };
  const save = useMutation({
    mutationFn: () => reportingApi.saveRank(year, { ...values, version: existing?.version ?? 0 }),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: reportingKeys.programme });
      onDone();
    },
    onError: (error) => {
      if (isApiError(error, 'VERSION_CONFLICT')) client.invalidateQueries({ queryKey: reportingKeys.programme });
    },
  });
  const n = (v: string | number) => (v === '' ? null : Number(v));
  return (
    <Stack gap="sm" data-testid="rank-form">
      {save.isError && <ConflictOr error={save.error} />}
      <NumberInput
        label={pick(L.year)}
        min={2015}
        max={2100}
        value={year}
        onChange={(v) => pickYear(Number(v) || defaultYear)}
        data-testid="rank-year"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberInput
          label={`${pick(L.dti)}: ${pick(L.rank)} (1–63)`}
          min={1}
          max={63}
          value={values.dtiRank ?? ''}
          onChange={(v) => setValues({ ...values, dtiRank: n(v) })}
          data-testid="rank-dti"
        />
        <NumberInput
          label={`${pick(L.dti)}: ${pick(L.score)} (0–1)`}
          min={0}
          max={1}
          step={0.01}
          decimalScale={4}
          value={values.dtiScore ?? ''}
          onChange={(v) => setValues({ ...values, dtiScore: n(v) })}
          data-testid="rank-dti-score"
        />
        <NumberInput
          label={`${pick(L.service)}: ${pick(L.rank)} (1–63)`}
          min={1}
          max={63}
          value={values.serviceRank ?? ''}
          onChange={(v) => setValues({ ...values, serviceRank: n(v) })}
          data-testid="rank-service"
        />
        <NumberInput
          label={`${pick(L.service)}: ${pick(L.score)} (0–100)`}
          min={0}
          max={100}
          decimalScale={2}
          value={values.serviceScore ?? ''}
          onChange={(v) => setValues({ ...values, serviceScore: n(v) })}
          data-testid="rank-service-score"
        />
      </SimpleGrid>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {pick(A.cancel)}
        </Button>
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="rank-save">
          {pick(L.save)}
        </Button>
      </Group>
    </Stack>
  );
}
