import {
  type CertificateKind,
  type CertificateStatus,
  certificateKindLabels,
  certificateKinds,
  certificateStatuses,
  certificateStatusLabels,
  type RevokeReason,
  revocationReasonLabels,
  revocationReasons,
} from '@congso/core';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Pagination,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiBase } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { formatDate, formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useDocumentTitle } from '../app/use-document-title';

interface Certificate {
  id: string;
  kind: CertificateKind;
  status: CertificateStatus;
  commonName: string;
  subject: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  holderName: string | null;
  agencyName: string | null;
  revokedAt: string | null;
  revocationReason: RevokeReason | null;
  version: number;
}

type Counts = Record<CertificateStatus, number>;
interface Registry {
  items: Certificate[];
  total: number;
  counts: { byKind: Record<CertificateKind, Counts>; byStatus: Counts; total: number };
}

const pageSize = 20;
/** Shade 8-9 badges keep their text at AA contrast. */
const statusColor = { active: 'green', expired: 'gray', revoked: 'red' } as const;

/**
 * /admin/chung-thu: the province CA's certificate registry (province administrators): counts by kind and status,
 * the certificates with filters, and revocation with a reason.
 */
export default function CertificatesPage() {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  useDocumentTitle(t('signing.certificates.title'));
  const [kind, setKind] = useState<CertificateKind | null>(null);
  const [status, setStatus] = useState<CertificateStatus | null>(null);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [revoking, setRevoking] = useState<Certificate | null>(null);
  const [done, setDone] = useState(false);
  const registry = useQuery({
    queryKey: ['certificates', kind, status, q, page],
    queryFn: () =>
      api.get<Registry>('/signing/certificates', {
        ...(kind ? { kind } : {}),
        ...(status ? { status } : {}),
        ...(q.trim() ? { q: q.trim() } : {}),
        limit: pageSize,
        offset: (page - 1) * pageSize,
      }),
    placeholderData: keepPreviousData,
  });
  const counts = registry.data?.counts;
  return (
    <Stack gap="md" data-testid="certificates-page">
      <div>
        <Title order={1} size="h2">
          {t('signing.certificates.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('signing.certificates.intro')}
        </Text>
      </div>
      {registry.isError && <ErrorAlert error={registry.error} />}
      {done && (
        <Alert
          color="green"
          withCloseButton
          closeButtonLabel={t('app.common.close')}
          onClose={() => setDone(false)}
          data-testid="certificate-revoked"
        >
          {t('signing.certificates.revoked')}
        </Alert>
      )}
      {counts && (
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm" data-testid="certificate-counts">
          <Card withBorder padding="sm">
            <Text size="sm" c="dimmed">
              {t('signing.certificates.total')}
            </Text>
            <Text fw={700} fz="xl">
              {formatNumber(counts.total, language)}
            </Text>
            <StatusLine counts={counts.byStatus} />
          </Card>
          {certificateKinds.map((k) => {
            const row = counts.byKind[k];
            return (
              <Card
                key={k}
                withBorder
                padding="sm"
                aria-label={t('signing.certificates.countsLabel', { kind: pick(certificateKindLabels[k]) })}
              >
                <Text size="sm" c="dimmed">
                  {pick(certificateKindLabels[k])}
                </Text>
                <Text fw={700} fz="xl">
                  {formatNumber(row.active + row.expired + row.revoked, language)}
                </Text>
                <StatusLine counts={row} />
              </Card>
            );
          })}
        </SimpleGrid>
      )}
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label={t('signing.certificates.search')}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setPage(1);
          }}
          style={{ flex: '1 1 16rem' }}
        />
        <Select
          label={t('signing.certificates.kind')}
          placeholder={t('signing.certificates.allKinds')}
          clearable
          data={certificateKinds.map((k) => ({ value: k, label: pick(certificateKindLabels[k]) }))}
          value={kind}
          onChange={(v) => {
            setKind(v as CertificateKind | null);
            setPage(1);
          }}
        />
        <Select
          label={t('signing.certificates.status')}
          placeholder={t('signing.certificates.allStatuses')}
          clearable
          data={certificateStatuses.map((s) => ({ value: s, label: pick(certificateStatusLabels[s]) }))}
          value={status}
          onChange={(v) => {
            setStatus(v as CertificateStatus | null);
            setPage(1);
          }}
        />
      </Group>
      <Card withBorder padding={0}>
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('signing.certificates.name')}</Table.Th>
                <Table.Th>{t('signing.certificates.kind')}</Table.Th>
                <Table.Th>{t('signing.certificates.holder')}</Table.Th>
                <Table.Th>{t('signing.certificates.serial')}</Table.Th>
                <Table.Th>{t('signing.certificates.validUntil')}</Table.Th>
                <Table.Th>{t('signing.certificates.status')}</Table.Th>
                <Table.Th>{t('signing.certificates.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {registry.data?.items.map((c) => (
                <Table.Tr key={c.id} data-testid="certificate-row">
                  <Table.Td fw={500}>{c.commonName}</Table.Td>
                  <Table.Td>{pick(certificateKindLabels[c.kind])}</Table.Td>
                  <Table.Td>{c.agencyName ?? ''}</Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" title={c.serialNumber}>
                      {c.serialNumber.slice(0, 12)}…
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(c.notAfter, language)}</Table.Td>
                  <Table.Td>
                    <Badge color={statusColor[c.status]} variant="light" tt="none" c={`${statusColor[c.status]}.9`}>
                      {pick(certificateStatusLabels[c.status])}
                    </Badge>
                    {c.revokedAt && c.revocationReason && (
                      <Text size="xs" c="dimmed">
                        {t('signing.certificates.revokedOn', { date: formatDate(c.revokedAt, language) })}:{' '}
                        {pick(revocationReasonLabels[c.revocationReason])}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor
                        size="sm"
                        href={`${apiBase}/signing/certificates/${c.id}/pem?chain=true`}
                        aria-label={t('signing.certificates.downloadLabel', { name: c.commonName })}
                      >
                        {t('signing.certificates.download')}
                      </Anchor>
                      {c.status !== 'revoked' && c.kind !== 'ocsp' && (
                        <Button
                          size="compact-sm"
                          variant="outline"
                          color="red.9"
                          onClick={() => setRevoking(c)}
                          aria-label={t('signing.certificates.revokeLabel', { name: c.commonName })}
                          data-testid="revoke-certificate"
                        >
                          {t('signing.certificates.revoke')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
              {registry.data && registry.data.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <Text c="dimmed">{t('signing.certificates.empty')}</Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      {registry.data && registry.data.total > pageSize && (
        <Group justify="flex-end">
          <Pagination total={Math.ceil(registry.data.total / pageSize)} value={page} onChange={setPage} />
        </Group>
      )}
      <RevokeModal
        certificate={revoking}
        onClose={() => setRevoking(null)}
        onDone={() => {
          setRevoking(null);
          setDone(true);
        }}
      />
    </Stack>
  );
}

function StatusLine({ counts }: { counts: Counts }) {
  const { language, pick } = useLanguage();
  return (
    <Text size="xs" c="dimmed">
      {certificateStatuses
        .map((s) => `${pick(certificateStatusLabels[s])}: ${formatNumber(counts[s], language)}`)
        .join(' · ')}
    </Text>
  );
}

function RevokeModal({
  certificate,
  onClose,
  onDone,
}: {
  certificate: Certificate | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState<RevokeReason>('unspecified');
  const [note, setNote] = useState('');
  const revoke = useMutation({
    mutationFn: (c: Certificate) =>
      api.post<Certificate>(`/signing/certificates/${c.id}/revoke`, {
        reason,
        version: c.version,
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['certificates'] });
      setNote('');
      setReason('unspecified');
      onDone();
    },
  });
  return (
    <Modal
      opened={certificate !== null}
      onClose={() => {
        revoke.reset();
        onClose();
      }}
      title={t('signing.certificates.revokeTitle')}
      centered
    >
      {certificate && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            revoke.mutate(certificate);
          }}
        >
          <Stack gap="sm">
            <Text size="sm">
              {t('signing.certificates.revokeIntro', {
                name: certificate.commonName,
                serial: certificate.serialNumber,
              })}
            </Text>
            <Select
              label={t('signing.certificates.reason')}
              data={revocationReasons.map((r) => ({ value: r, label: pick(revocationReasonLabels[r]) }))}
              value={reason}
              onChange={(v) => setReason((v as RevokeReason | null) ?? 'unspecified')}
              allowDeselect={false}
              data-testid="revoke-reason"
            />
            <Textarea
              label={t('signing.certificates.note')}
              value={note}
              maxLength={500}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            {revoke.isError && <ErrorAlert error={revoke.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('signing.certificates.cancel')}
              </Button>
              <Button type="submit" color="red.9" loading={revoke.isPending} data-testid="confirm-revoke">
                {t('signing.certificates.confirmRevoke')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
