import { type DossierAction, ratingLabels } from '@congso/core';
import { Anchor, Button, Card, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../app/i18n';
import { actionFormOf } from '../dossiers/action-forms';
import { type DossierDetail, paperUrl } from '../dossiers/api';
import { formatInstant } from './dossier-labels';
import { Section } from './labels';

/** What the page does when an action form is done or finds the dossier changed. */
export interface ActionEvents {
  onDone: (dossier: DossierDetail, action: DossierAction) => void;
  onStale: () => void;
}

/** The citizen's form of an action (../dossiers/action-forms), loaded when first shown. */
function PortalForm({
  action,
  dossier,
  events,
  onCancel,
}: {
  action: DossierAction;
  dossier: DossierDetail;
  events: ActionEvents;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const Form = actionFormOf(action, 'portal');
  if (!Form) return null;
  return (
    <Suspense fallback={<Loader size="sm" aria-label={t('app.common.loading')} />}>
      <Form
        dossier={dossier}
        action={action}
        onDone={(next) => events.onDone(next, action)}
        onStale={events.onStale}
        onCancel={onCancel}
      />
    </Suspense>
  );
}

/** What the agency asked for, and the form to send it (while the dossier waits for it). */
export function SupplementPanel({ dossier, events }: { dossier: DossierDetail; events: ActionEvents }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const request = dossier.state.pending?.kind === 'supplement' ? dossier.state.pending : null;
  return (
    <Card withBorder radius="md" padding="md" className="portal-attention" data-testid="supplement-panel">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('portal.dossier.supplementTitle')}
        </Title>
        {request && (
          <>
            <Text size="sm" c="dimmed">
              {t('portal.dossier.requestedAt', { date: formatInstant(request.requestedAt, language) })}
            </Text>
            {request.items.length > 0 && (
              <div>
                <Text size="sm" fw={600}>
                  {t('portal.dossier.supplementItems')}
                </Text>
                <ul className="portal-plain-list" data-testid="supplement-items">
                  {request.items.map((item, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list that may repeat
                    <li key={index}>
                      <Text size="sm">{item}</Text>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <Anchor
              href={paperUrl(dossier.id, 'supplement-request')}
              target="_blank"
              rel="noopener"
              size="sm"
              data-testid="supplement-request-link"
            >
              {t('portal.dossier.supplementPdf')}
            </Anchor>
            {request.reason && (
              <Text size="sm" data-testid="supplement-reason">
                <Text span fw={600}>
                  {t('portal.dossier.reasonLabel')}:
                </Text>{' '}
                {request.reason}
              </Text>
            )}
          </>
        )}
        {dossier.availableActions.includes('submit_supplement') && (
          <PortalForm key={dossier.version} action="submit_supplement" dossier={dossier} events={events} />
        )}
      </Stack>
    </Card>
  );
}

/** The rating given, and the form to give or change it. */
export function RatingPanel({ dossier, events }: { dossier: DossierDetail; events: ActionEvents }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const current = dossier.state.rating;
  const canRate = dossier.availableActions.includes('rate');
  if (!canRate && !current) return null;
  return (
    <Section title={t('portal.dossier.ratingTitle')} testId="rating-panel">
      {current && (
        <Text size="sm" mb={canRate ? 'sm' : 0} data-testid="rating-done">
          {t('portal.dossier.ratedAs', { rating: pick(ratingLabels[current.value]) })}
          {current.comment ? ` — “${current.comment}”` : ''}
        </Text>
      )}
      {canRate && <PortalForm key={dossier.version} action="rate" dossier={dossier} events={events} />}
    </Section>
  );
}

/** Withdrawing the dossier, after a confirmation with an optional reason. */
export function WithdrawButton({ dossier, events }: { dossier: DossierDetail; events: ActionEvents }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <>
      <Button variant="outline" color="red" onClick={() => setOpen(true)} data-testid="withdraw-button">
        {t('portal.dossier.withdraw')}
      </Button>
      <Modal
        opened={open}
        onClose={close}
        title={t('portal.dossier.withdrawTitle', { code: dossier.code })}
        centered
        data-testid="withdraw-dialog"
      >
        <PortalForm
          action="withdraw"
          dossier={dossier}
          events={{
            onDone: (next, action) => {
              close();
              events.onDone(next, action);
            },
            onStale: () => {
              close();
              events.onStale();
            },
          }}
          onCancel={close}
        />
      </Modal>
    </>
  );
}
