import { actionPerformers, type DossierAction, officerRoles, type ReturnMethod, returnMethods } from '@congso/core';
import {
  ActionIcon,
  Alert,
  Button,
  Chip,
  Group,
  Loader,
  Modal,
  NumberInput,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { type ActionBody, type DossierDetail, dossiersApi, dossiersKeys, type PaperForm } from '../dossiers/api';
import { AgencyPicker } from '../identity/agency-picker';
import { type AgencyRef, identityApi } from '../identity/api';
import { portalApi, portalKeys } from '../portal/api';
import { deskKeys } from './api';
import { vietnamDay } from './due';
import { useDeskT } from './i18n';
import { useDeskLabels } from './labels';
import { UploadField, useUploads } from './uploads';

/**
 * Actions an officer can take from the desk: those the core lets an officer role perform (not
 * `submit_online` nor `rate`, the citizen's own), so a new action appears here with its performers.
 */
const officerRoleSet: ReadonlySet<string> = new Set(officerRoles);
export const officerActions: ReadonlySet<DossierAction> = new Set(
  (Object.keys(actionPerformers) as DossierAction[]).filter((action) =>
    actionPerformers[action].some((performer) => officerRoleSet.has(performer)),
  ),
);

/** The paper an action produces, to offer for printing right after it. */
export const paperAfter: Partial<Record<DossierAction, PaperForm>> = {
  receive: 'receipt',
  request_supplement: 'supplement-request',
  refuse_receipt: 'refusal',
  refuse: 'refusal',
  apologize: 'apology',
  stop: 'stop-notice',
  withdraw: 'stop-notice',
  forward: 'control-slip',
  send_to_agency: 'control-slip',
  return_from_agency: 'control-slip',
  issue_result: 'control-slip',
  return_result: 'control-slip',
};

/** Actions that end or turn down a dossier: shown in red. */
export const negativeActions: ReadonlySet<DossierAction> = new Set<DossierAction>([
  'refuse_receipt',
  'propose_refusal',
  'refuse',
  'stop',
  'withdraw',
]);

const reasonRequired: ReadonlySet<DossierAction> = new Set<DossierAction>([
  'refuse_receipt',
  'propose_refusal',
  'refuse',
  'stop',
  'apologize',
  'request_supplement',
]);
const reasonOptional: ReadonlySet<DossierAction> = new Set<DossierAction>(['withdraw']);
const noteOptional: ReadonlySet<DossierAction> = new Set<DossierAction>([
  'forward',
  'assign',
  'submit_supplement',
  'propose_approval',
  'approve',
  'send_to_agency',
  'return_from_agency',
]);

/** "2026-03-10T17:00" typed in a datetime-local field, read as Vietnam time. */
function vietnamLocalToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const date = new Date(`${value}:00+07:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function isoToVietnamLocal(iso: string): string {
  const date = new Date(iso);
  const time = new Date(date.getTime() + 7 * 3600_000).toISOString().slice(11, 16);
  return `${vietnamDay(date)}T${time}`;
}

interface ResultRow {
  key: number;
  name: string;
  number: string;
}

interface Props {
  dossier: DossierDetail;
  action: DossierAction;
  onClose: () => void;
  /** The action was done; the page shows a notice (and the paper to print). */
  onDone: (dossier: DossierDetail, action: DossierAction) => void;
  /** Someone else acted first and this action is no longer open to the caller. */
  onStale: () => void;
}

export function ActionModal({ dossier, action, onClose, onDone, onStale }: Props) {
  const t = useDeskT();
  const labels = useDeskLabels();
  const { language } = useLanguage();
  const queryClient = useQueryClient();
  const fullScreen = useMediaQuery('(max-width: 36em)');
  const uploads = useUploads();
  const step = dossier.state.currentStep;

  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [agency, setAgency] = useState<AgencyRef | null>(
    action === 'forward'
      ? { id: dossier.receivingAgency.id, code: '', name: dossier.receivingAgency.name, shortName: null }
      : null,
  );
  const [assigneeId, setAssigneeId] = useState<string | null>(step?.assigneeId ?? null);
  const [items, setItems] = useState<string[]>(['']);
  const [amount, setAmount] = useState<number | string>('');
  const [description, setDescription] = useState('');
  const [reference, setReference] = useState('');
  const [results, setResults] = useState<ResultRow[]>([{ key: 0, name: '', number: '' }]);
  const [method, setMethod] = useState<ReturnMethod>(dossier.channel === 'online' ? 'electronic' : 'counter');
  const [newDueAt, setNewDueAt] = useState('');
  const [touched, setTouched] = useState(false);
  const [conflict, setConflict] = useState(false);

  // The procedure's documents and results, as suggestions (the version in force today).
  const wantsProcedure = action === 'request_supplement' || action === 'issue_result';
  const procedure = useQuery({
    queryKey: portalKeys.procedure(dossier.procedure.code),
    queryFn: () => portalApi.procedure(dossier.procedure.code),
    enabled: wantsProcedure,
    staleTime: 5 * 60_000,
  });
  const [prefilled, setPrefilled] = useState(false);
  if (action === 'issue_result' && !prefilled && procedure.data) {
    setPrefilled(true);
    const first = procedure.data.procedure.results[0]?.name;
    if (first && !results[0]?.name) setResults([{ key: 0, name: first, number: '' }]);
  }

  const specialists = useQuery({
    queryKey: ['officers', 'assignable', step?.agencyId],
    queryFn: () =>
      identityApi.officers({
        agencyId: step?.agencyId,
        includeSubAgencies: false,
        role: 'specialist',
        limit: 200,
      }),
    enabled: action === 'assign' && !!step?.agencyId,
  });

  const dueIso = vietnamLocalToIso(newDueAt);
  const problems = {
    reason: reasonRequired.has(action) && !reason.trim() ? t('form.required') : null,
    agency: (action === 'forward' || action === 'send_to_agency') && !agency ? t('form.agencyRequired') : null,
    assignee: action === 'assign' && !assigneeId ? t('form.assigneeRequired') : null,
    items: action === 'request_supplement' && items.every((item) => !item.trim()) ? t('form.itemsRequired') : null,
    amount:
      action === 'request_payment' && !(typeof amount === 'number' && amount > 0) ? t('form.amountRequired') : null,
    results: action === 'issue_result' && results.every((row) => !row.name.trim()) ? t('form.resultRequired') : null,
    newDueAt:
      action !== 'apologize'
        ? null
        : !dueIso
          ? t('form.newDueAtRequired')
          : dossier.dueAt && new Date(dueIso) <= new Date(dossier.dueAt)
            ? t('form.newDueAtTooEarly')
            : null,
  };
  const shown = (key: keyof typeof problems) => (touched ? problems[key] : null);

  function body(): ActionBody {
    const out: ActionBody = { version: dossier.version, action };
    const optional = (key: string, value: string) => {
      if (value.trim()) out[key] = value.trim();
    };
    if (reasonRequired.has(action) || reasonOptional.has(action)) optional('reason', reason);
    if (noteOptional.has(action)) optional('note', note);
    switch (action) {
      case 'forward':
      case 'send_to_agency':
        out.agencyId = agency?.id;
        break;
      case 'assign':
        out.assigneeId = assigneeId;
        break;
      case 'request_supplement':
        out.items = items.map((item) => item.trim()).filter(Boolean);
        break;
      case 'submit_supplement': {
        const ids = uploads.idsOf();
        if (ids.length) out.documents = ids;
        break;
      }
      case 'request_payment':
        out.amount = amount;
        optional('description', description);
        break;
      case 'confirm_payment':
        optional('reference', reference);
        break;
      case 'issue_result':
        out.documents = results
          .filter((row) => row.name.trim())
          .map((row) => {
            const fileId = uploads.idsOf(`result-${row.key}`)[0];
            return {
              name: row.name.trim(),
              ...(row.number.trim() ? { number: row.number.trim() } : {}),
              ...(fileId ? { fileId } : {}),
            };
          });
        break;
      case 'return_result':
        out.method = method;
        break;
      case 'apologize':
        out.newDueAt = dueIso;
        break;
    }
    return out;
  }

  const act = useMutation({
    mutationFn: () => dossiersApi.act(dossier.id, body()),
    onSuccess: (next) => {
      queryClient.setQueryData(dossiersKeys.detail(next.id), next);
      void queryClient.invalidateQueries({ queryKey: ['dossiers', 'queue'] });
      void queryClient.invalidateQueries({ queryKey: deskKeys.counts });
      onDone(next, action);
    },
    onError: async (error) => {
      if (!isApiError(error, 'VERSION_CONFLICT')) return;
      // Someone acted first: reload, then either let the officer check and resend, or close if the
      // action is no longer theirs to take.
      const fresh = await queryClient.fetchQuery({
        queryKey: dossiersKeys.detail(dossier.id),
        queryFn: () => dossiersApi.dossier(dossier.id),
        staleTime: 0,
      });
      if (fresh.availableActions.includes(action)) setConflict(true);
      else onStale();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (Object.values(problems).some(Boolean) || uploads.pending || act.isPending) return;
    setConflict(false);
    act.mutate();
  };

  const actionName = labels.action(action);
  const suggestions =
    action === 'request_supplement'
      ? (procedure.data?.procedure.requiredDocuments ?? []).map((document) => document.name)
      : [];

  return (
    <Modal
      opened
      onClose={onClose}
      title={
        <Text fw={600} component="span">
          {actionName}
          <Text span c="dimmed" size="sm" className="congso-code" ml={8}>
            {dossier.code}
          </Text>
        </Text>
      }
      size="lg"
      centered
      fullScreen={!!fullScreen}
      closeButtonProps={{ 'aria-label': t('form.cancel') }}
      data-testid={`action-form-${action}`}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {conflict && (
            <Alert color="orange" variant="light" role="alert" data-testid="version-conflict">
              {t('dossier.conflictReloaded')}
            </Alert>
          )}
          {act.isError && !isApiError(act.error, 'VERSION_CONFLICT') && (
            <ErrorAlert error={act.error} testId="action-error" />
          )}

          {(action === 'receive' ||
            action === 'propose_approval' ||
            action === 'approve' ||
            action === 'return_from_agency' ||
            action === 'confirm_payment') && (
            <Text size="sm">{t('form.confirm', { action: actionName, code: dossier.code })}</Text>
          )}

          {(action === 'forward' || action === 'send_to_agency') && (
            <AgencyPicker
              label={action === 'forward' ? t('form.agency') : t('form.agencyTo')}
              value={agency}
              onChange={setAgency}
              required
              error={shown('agency')}
              testId="action-agency"
            />
          )}

          {action === 'assign' && (
            <Select
              label={t('form.assignee')}
              placeholder={t('form.assigneePlaceholder')}
              required
              data-autofocus
              value={assigneeId}
              onChange={setAssigneeId}
              data={(specialists.data?.items ?? []).map((officer) => ({
                value: officer.id,
                label: officer.fullName,
              }))}
              searchable
              nothingFoundMessage={t('form.assigneeNone')}
              rightSection={specialists.isFetching ? <Loader size="xs" /> : undefined}
              error={
                shown('assignee') ??
                (specialists.isError
                  ? t('form.assigneeUnavailable')
                  : specialists.data && specialists.data.items.length === 0
                    ? t('form.assigneeNone')
                    : null)
              }
              comboboxProps={{ withinPortal: true }}
              data-testid="action-assignee"
            />
          )}

          {action === 'request_supplement' && (
            <Stack gap={6} role="group" aria-labelledby="supplement-items-label">
              <Text size="sm" fw={500} id="supplement-items-label">
                {t('form.items')}{' '}
                <Text span c="red">
                  *
                </Text>
              </Text>
              {items.map((item, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, never reordered
                <Group key={index} gap={6} wrap="nowrap" align="flex-start">
                  <TextInput
                    aria-label={t('form.item', { n: index + 1 })}
                    value={item}
                    data-autofocus={index === 0 ? true : undefined}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      setItems((current) => current.map((old, i) => (i === index ? value : old)));
                    }}
                    style={{ flex: 1 }}
                    data-testid="action-item"
                  />
                  {items.length > 1 && (
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="lg"
                      aria-label={t('form.removeItem', { n: index + 1 })}
                      onClick={() => setItems((current) => current.filter((_, i) => i !== index))}
                    >
                      <span aria-hidden="true">×</span>
                    </ActionIcon>
                  )}
                </Group>
              ))}
              {shown('items') && (
                <Text size="xs" c="red.8" role="alert">
                  {shown('items')}
                </Text>
              )}
              <Button
                variant="subtle"
                size="compact-sm"
                style={{ alignSelf: 'flex-start' }}
                onClick={() => setItems((current) => [...current, ''])}
                data-testid="action-add-item"
              >
                + {t('form.addItem')}
              </Button>
              {suggestions.length > 0 && (
                <Stack gap={4}>
                  <Text size="xs" c="dimmed">
                    {t('form.fromProcedure')}
                  </Text>
                  <Group gap={4} wrap="wrap">
                    {suggestions.map((name, index) => {
                      const picked = items.some((item) => item.trim() === name);
                      return (
                        <Chip
                          // biome-ignore lint/suspicious/noArrayIndexKey: published lists may repeat names
                          key={index}
                          size="xs"
                          checked={picked}
                          onChange={() =>
                            setItems((current) => {
                              if (picked) {
                                const left = current.filter((item) => item.trim() !== name);
                                return left.length ? left : [''];
                              }
                              const filled = current.filter((item) => item.trim());
                              return [...filled, name];
                            })
                          }
                        >
                          {name.length > 70 ? `${name.slice(0, 68)}…` : name}
                        </Chip>
                      );
                    })}
                  </Group>
                </Stack>
              )}
            </Stack>
          )}

          {action === 'submit_supplement' && (
            <Stack gap={6}>
              {dossier.state.pending?.kind === 'supplement' && (
                <div>
                  <Text size="sm" fw={500}>
                    {t('form.supplementItems')}
                  </Text>
                  <ul className="desk-plain-list">
                    {dossier.state.pending.items.map((item, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the request's own order
                      <li key={index}>
                        <Text size="sm">{item}</Text>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <Text size="sm" fw={500}>
                {t('form.supplementFiles')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('form.supplementFilesHint')}
              </Text>
              <UploadField
                uploads={uploads}
                group="supplement"
                label={t('form.supplementFiles')}
                testId="action-files"
              />
            </Stack>
          )}

          {action === 'request_payment' && (
            <>
              <NumberInput
                label={t('form.amount')}
                required
                data-autofocus
                min={1}
                step={1000}
                allowDecimal={false}
                allowNegative={false}
                thousandSeparator={language === 'vi' ? '.' : ','}
                decimalSeparator={language === 'vi' ? ',' : '.'}
                suffix=" ₫"
                value={amount}
                onChange={setAmount}
                error={shown('amount')}
                data-testid="action-amount"
              />
              <TextInput
                label={`${t('form.description')} (${t('form.optional')})`}
                value={description}
                onChange={(event) => setDescription(event.currentTarget.value)}
                data-testid="action-description"
              />
            </>
          )}

          {action === 'confirm_payment' && (
            <TextInput
              label={`${t('form.reference')} (${t('form.optional')})`}
              value={reference}
              data-autofocus
              onChange={(event) => setReference(event.currentTarget.value)}
              data-testid="action-reference"
            />
          )}

          {action === 'issue_result' && (
            <Stack gap="xs" role="group" aria-labelledby="result-documents-label">
              <Text size="sm" fw={500} id="result-documents-label">
                {t('form.resultDocuments')}{' '}
                <Text span c="red">
                  *
                </Text>
              </Text>
              {results.map((row, index) => (
                <Stack
                  key={row.key}
                  gap={6}
                  p="xs"
                  style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}
                  data-testid="action-result"
                >
                  <Group justify="space-between" wrap="nowrap">
                    <Text size="xs" fw={600} c="dimmed">
                      {t('form.resultN', { n: index + 1 })}
                    </Text>
                    {results.length > 1 && (
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="sm"
                        aria-label={t('form.removeResult', { n: index + 1 })}
                        onClick={() => {
                          uploads.removeGroup(`result-${row.key}`);
                          setResults((current) => current.filter((other) => other.key !== row.key));
                        }}
                      >
                        <span aria-hidden="true">×</span>
                      </ActionIcon>
                    )}
                  </Group>
                  <Group gap="xs" wrap="wrap" align="flex-start">
                    <TextInput
                      label={t('form.resultName')}
                      required
                      data-autofocus={index === 0 ? true : undefined}
                      value={row.name}
                      onChange={(event) => {
                        const value = event.currentTarget.value;
                        setResults((current) =>
                          current.map((other) => (other.key === row.key ? { ...other, name: value } : other)),
                        );
                      }}
                      style={{ flex: '2 1 240px' }}
                      data-testid="action-result-name"
                    />
                    <TextInput
                      label={t('form.resultNumber')}
                      placeholder={t('form.resultNumberPlaceholder')}
                      value={row.number}
                      onChange={(event) => {
                        const value = event.currentTarget.value;
                        setResults((current) =>
                          current.map((other) => (other.key === row.key ? { ...other, number: value } : other)),
                        );
                      }}
                      style={{ flex: '1 1 140px' }}
                      data-testid="action-result-number"
                    />
                  </Group>
                  <UploadField
                    uploads={uploads}
                    group={`result-${row.key}`}
                    label={`${t('form.resultFile')}: ${row.name || t('form.resultN', { n: index + 1 })}`}
                    buttonText={t('form.resultFile')}
                    multiple={false}
                    testId="action-result-file"
                  />
                </Stack>
              ))}
              {shown('results') && (
                <Text size="xs" c="red.8" role="alert">
                  {shown('results')}
                </Text>
              )}
              <Button
                variant="subtle"
                size="compact-sm"
                style={{ alignSelf: 'flex-start' }}
                onClick={() =>
                  setResults((current) => [
                    ...current,
                    { key: Math.max(...current.map((row) => row.key)) + 1, name: '', number: '' },
                  ])
                }
              >
                + {t('form.addResult')}
              </Button>
            </Stack>
          )}

          {action === 'return_result' && (
            <Radio.Group
              label={t('form.method')}
              required
              value={method}
              onChange={(value) => setMethod(value as ReturnMethod)}
              data-testid="action-method"
            >
              <Stack gap={6} mt={4}>
                {returnMethods.map((value) => (
                  <Radio
                    key={value}
                    value={value}
                    label={labels.method(value)}
                    data-testid={`action-method-${value}`}
                  />
                ))}
              </Stack>
            </Radio.Group>
          )}

          {action === 'apologize' && (
            <TextInput
              type="datetime-local"
              label={t('form.newDueAt')}
              description={t('form.newDueAtHint', {
                current: dossier.dueAt ? formatDateTime(dossier.dueAt, language) : '—',
              })}
              required
              min={dossier.dueAt ? isoToVietnamLocal(dossier.dueAt) : undefined}
              value={newDueAt}
              onChange={(event) => setNewDueAt(event.currentTarget.value)}
              error={shown('newDueAt')}
              data-testid="action-new-due-at"
            />
          )}

          {(reasonRequired.has(action) || reasonOptional.has(action)) && (
            <Textarea
              label={reasonOptional.has(action) ? `${t('form.reason')} (${t('form.optional')})` : t('form.reason')}
              required={reasonRequired.has(action)}
              autosize
              minRows={2}
              maxRows={6}
              data-autofocus={action !== 'request_supplement' && action !== 'apologize' ? true : undefined}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              error={shown('reason')}
              data-testid="action-reason"
            />
          )}

          {noteOptional.has(action) && (
            <Textarea
              label={`${t('form.note')} (${t('form.optional')})`}
              autosize
              minRows={1}
              maxRows={4}
              data-autofocus={
                action === 'propose_approval' || action === 'approve' || action === 'submit_supplement'
                  ? true
                  : undefined
              }
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              data-testid="action-note"
            />
          )}

          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onClose}>
              {t('form.cancel')}
            </Button>
            <Button
              type="submit"
              color={negativeActions.has(action) ? 'red' : undefined}
              loading={act.isPending}
              disabled={uploads.pending}
              data-autofocus={action === 'receive' || action === 'return_from_agency' ? true : undefined}
              data-testid="action-submit"
            >
              {actionName}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
