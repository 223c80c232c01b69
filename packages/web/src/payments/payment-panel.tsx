import { Alert, Anchor, Button, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { type DossierDetail, dossiersKeys } from '../dossiers/api';
import { formatInstant } from '../portal/dossier-labels';
import { formatVnd } from '../portal/labels';
import {
  type DossierFee,
  type Payment,
  paymentsApi,
  paymentsKeys,
  type Receipt,
  receiptNumber,
  receiptPdfUrl,
  type StartedPayment,
} from './api';

/** How often the page asks again while a payment waits for the platform's confirmation. */
const PENDING_POLL_MS = 3_000;

/**
 * The citizen's fee on the dossier page: what to pay and why (lines, exemptions with their legal basis),
 * the choice of the payment platform (there and back) or a VietQR transfer, the wait for the platform's
 * confirmation (checked again by itself: a slow connection never pays twice, the server gives the same
 * pending payment again), and once paid the receipt to open or download.
 */
export function PaymentPanel({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const returned = params.get('thanh-toan');
  const waiting = dossier.status === 'waiting_payment';
  const [qr, setQr] = useState<StartedPayment['qr'] | null>(null);
  const [qrReference, setQrReference] = useState<string | null>(null);

  const fees = useQuery({ queryKey: paymentsKeys.fees(dossier.id), queryFn: () => paymentsApi.fees(dossier.id) });
  const open = fees.data?.items.find((f) => f.status === 'requested') ?? null;
  const payments = useQuery({
    queryKey: paymentsKeys.payments(dossier.id),
    queryFn: () => paymentsApi.payments(dossier.id),
    refetchInterval: (query) => {
      const items = query.state.data?.items ?? [];
      return waiting && items.some((p) => p.status === 'pending' && p.provider === 'national_platform')
        ? PENDING_POLL_MS
        : false;
    },
  });
  const pendingPlatform =
    waiting && open
      ? (payments.data?.items.find(
          (p) => p.status === 'pending' && p.provider === 'national_platform' && p.amount === open.total,
        ) ?? null)
      : null;

  // A payment confirmed while the page waited: the dossier and its fee rows are read again.
  const paidCount = payments.data?.items.filter((p) => p.status === 'paid').length ?? 0;
  useEffect(() => {
    if (paidCount > 0) {
      void queryClient.invalidateQueries({ queryKey: dossiersKeys.detail(dossier.id), exact: true });
      void queryClient.invalidateQueries({ queryKey: paymentsKeys.fees(dossier.id) });
    }
  }, [paidCount, dossier.id, queryClient]);

  const start = useMutation({
    mutationFn: (provider: 'national_platform' | 'vietqr') => paymentsApi.start(dossier.id, provider),
    onSuccess: (started) => {
      void queryClient.invalidateQueries({ queryKey: paymentsKeys.payments(dossier.id) });
      if (started.redirectUrl) {
        window.location.assign(started.redirectUrl);
        return;
      }
      setQr(started.qr);
      setQrReference(started.payment.reference);
    },
  });

  if (fees.isPending) return null;
  if (fees.isError) return <ErrorAlert error={fees.error} onRetry={() => fees.refetch()} testId="fees-error" />;

  const settled = fees.data.items.filter((f) => f.status === 'paid' || f.status === 'waived');
  const receipts = payments.data?.receipts ?? [];
  if (!open && settled.length === 0) return null;

  const notConfigured = isApiError(start.error, 'PAYMENT_NOT_CONFIGURED');
  const exemptions = fees.data.schedule.schedule.exemptions;

  return (
    <Stack gap="md" data-testid="payment-section">
      {settled.map((fee) => (
        <SettledFee
          key={fee.id}
          fee={fee}
          payments={payments.data?.items ?? []}
          receipts={receipts}
          language={language}
        />
      ))}

      {waiting && open && (
        <Card
          withBorder
          radius="md"
          padding="md"
          component="section"
          data-testid="payment-panel"
          data-fee-total={open.total}
        >
          <Stack gap="sm">
            <Title order={2} size="h3">
              {t('payments.panel.title')}
            </Title>
            <Text size="sm">{t('payments.panel.why')}</Text>
            <FeeLines fee={open} language={language} />
            <Text size="sm" c="dimmed">
              {t('payments.panel.collector', {
                name:
                  open.collector.kind === 'treasury' ? open.collector.accountName : t('payments.panel.collectorAgency'),
              })}
            </Text>
            {exemptions.length > 0 && (
              <div data-testid="payment-exemptions">
                <Text size="sm" fw={600}>
                  {t('payments.panel.exemptionsTitle')}
                </Text>
                <Text size="sm">{t('payments.panel.exemptionsHint')}</Text>
                <ul style={{ margin: 0, paddingInlineStart: '1.25rem' }}>
                  {exemptions.map((e) => (
                    <li key={e.id}>
                      <Text size="sm">
                        {t('payments.panel.exemptionLine', {
                          description: e.description,
                          kind: t(`payments.kinds.${e.kind}`),
                          percent: e.percent,
                          legalBasis: e.legalBasis,
                        })}
                      </Text>
                    </li>
                  ))}
                </ul>
              </div>
            )}

            {returned === 'failed' && !pendingPlatform && (
              <Alert color="orange" title={t('payments.failed.title')} data-testid="payment-failed">
                {t('payments.failed.text')}
              </Alert>
            )}

            {pendingPlatform && returned === 'paid' ? (
              <Alert
                color="blue"
                role="status"
                title={t('payments.pending.title')}
                data-testid="payment-pending"
                icon={<Loader size="sm" aria-hidden="true" />}
              >
                <Stack gap={6}>
                  <Text size="sm">{t('payments.pending.text')}</Text>
                  <Text size="sm" ff="monospace">
                    {t('payments.pending.reference', { reference: pendingPlatform.reference })}
                  </Text>
                  <Group>
                    <Button
                      size="sm"
                      variant="light"
                      onClick={() => void payments.refetch()}
                      loading={payments.isFetching}
                      data-testid="payment-check"
                    >
                      {t('payments.pending.check')}
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            ) : (
              <Stack gap="xs">
                <Text size="sm" fw={600}>
                  {t('payments.panel.choose')}
                </Text>
                <Button
                  size="md"
                  fullWidth
                  h="auto"
                  py={10}
                  styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }}
                  onClick={() => {
                    if (returned) setParams({}, { replace: true });
                    start.mutate('national_platform');
                  }}
                  loading={start.isPending && start.variables === 'national_platform'}
                  disabled={start.isPending}
                  data-testid="pay-platform"
                >
                  {pendingPlatform ? t('payments.panel.continue') : t('payments.panel.platform')}
                </Button>
                <Text size="xs" c="dimmed">
                  {t('payments.panel.platformHint')}
                </Text>
                <Button
                  size="md"
                  fullWidth
                  variant="light"
                  onClick={() => start.mutate('vietqr')}
                  loading={start.isPending && start.variables === 'vietqr'}
                  disabled={start.isPending}
                  data-testid="pay-vietqr"
                >
                  {t('payments.panel.vietqr')}
                </Button>
                <Text size="xs" c="dimmed">
                  {t('payments.panel.vietqrHint')}
                </Text>
                <Text size="sm">{t('payments.panel.counter')}</Text>
              </Stack>
            )}

            {notConfigured ? (
              <Alert color="orange" data-testid="payment-not-configured">
                {t('payments.panel.notConfigured')}
              </Alert>
            ) : (
              start.isError && <ErrorAlert error={start.error} testId="payment-error" />
            )}

            {qr && qrReference && (
              <VietQrCard qr={qr} reference={qrReference} amount={open.total} language={language} />
            )}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

function FeeLines({ fee, language }: { fee: DossierFee; language: 'vi' | 'en' }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={300}>
      <Table withTableBorder verticalSpacing={6} data-testid="payment-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('payments.panel.item')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('payments.panel.amount')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {fee.lines.map((line) => (
            <Table.Tr key={line.itemId} data-testid="payment-line">
              <Table.Td>
                <Text size="sm">{line.name}</Text>
                {line.exemption && (
                  <Text size="xs" c="dimmed">
                    {t('payments.panel.exemption', {
                      description: line.exemption.description,
                      kind: t(`payments.kinds.${line.exemption.kind}`),
                      percent: line.exemption.percent,
                      legalBasis: line.exemption.legalBasis,
                    })}
                  </Text>
                )}
                {line.baseAmount !== line.amount && (
                  <Text size="xs" c="dimmed">
                    {t('payments.panel.base')}: {formatVnd(line.baseAmount, language)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm">{formatVnd(line.amount, language)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th scope="row">{t('payments.panel.total')}</Table.Th>
            <Table.Td ta="right">
              <Text fw={700} data-testid="payment-total">
                {formatVnd(fee.total, language)}
              </Text>
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function VietQrCard({
  qr,
  reference,
  amount,
  language,
}: {
  qr: NonNullable<StartedPayment['qr']>;
  reference: string;
  amount: number;
  language: 'vi' | 'en';
}) {
  const { t } = useTranslation();
  const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.svg)}`;
  return (
    <Card withBorder radius="md" padding="sm" data-testid="vietqr">
      <Stack gap="xs" align="center">
        <Text fw={600}>{t('payments.qr.title')}</Text>
        <img
          src={src}
          width={240}
          height={240}
          alt={t('payments.qr.alt', { amount: formatVnd(amount, language), account: qr.accountNumber })}
          data-testid="vietqr-image"
          data-payload={qr.payload}
        />
        <dl className="portal-meta portal-meta-compact">
          <div>
            <dt>{t('payments.qr.amount')}</dt>
            <dd data-testid="vietqr-amount">{formatVnd(amount, language)}</dd>
          </div>
          <div>
            <dt>{t('payments.qr.reference')}</dt>
            <dd data-testid="vietqr-reference" style={{ fontFamily: 'monospace' }}>
              {reference}
            </dd>
          </div>
          <div>
            <dt>{t('payments.qr.account')}</dt>
            <dd>{qr.accountNumber}</dd>
          </div>
          <div>
            <dt>{t('payments.qr.accountName')}</dt>
            <dd>{qr.accountName}</dd>
          </div>
          {qr.bankName && (
            <div>
              <dt>{t('payments.qr.bank')}</dt>
              <dd>{qr.bankName}</dd>
            </div>
          )}
        </dl>
        <Text size="sm">{t('payments.qr.after')}</Text>
      </Stack>
    </Card>
  );
}

function SettledFee({
  fee,
  payments,
  receipts,
  language,
}: {
  fee: DossierFee;
  payments: Payment[];
  receipts: Receipt[];
  language: 'vi' | 'en';
}) {
  const { t } = useTranslation();
  if (fee.status === 'waived') {
    return (
      <Alert color="green" title={t('payments.waived.title')} data-testid="payment-waived">
        <FeeLines fee={fee} language={language} />
      </Alert>
    );
  }
  const payment = payments.find((p) => p.status === 'paid' && p.settledDossier && p.amount === fee.total);
  const receipt = payment ? receipts.find((r) => r.paymentId === payment.id) : undefined;
  return (
    <Alert color="green" title={t('payments.paid.title')} data-testid="payment-paid">
      <Stack gap={6}>
        {payment && (
          <Text size="sm">
            {t('payments.paid.text', {
              amount: formatVnd(fee.total, language),
              at: formatInstant(payment.paidAt, language),
              how: t(`payments.how.${payment.provider}`),
            })}
          </Text>
        )}
        {receipt && (
          <>
            <Text size="sm" fw={600} data-testid="receipt-number">
              {t('payments.paid.receipt', { number: receiptNumber(receipt) })}
            </Text>
            <Group gap="sm">
              <Button
                component="a"
                href={receiptPdfUrl(receipt.id)}
                target="_blank"
                rel="noopener"
                size="sm"
                data-testid="receipt-open"
                aria-label={`${t('payments.paid.open')} ${t('payments.paid.newTab')}`}
              >
                {t('payments.paid.open')}
              </Button>
              <Anchor
                href={receiptPdfUrl(receipt.id)}
                download={`bien-lai-${receipt.symbol.replace(/\W/g, '')}-${receipt.number}.pdf`}
                size="sm"
                c="blue.9"
                data-testid="receipt-download"
              >
                {t('payments.paid.download')}
              </Anchor>
            </Group>
          </>
        )}
      </Stack>
    </Alert>
  );
}
