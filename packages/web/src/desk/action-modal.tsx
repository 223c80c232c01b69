import type { DossierAction } from '@congso/core';
import { Loader, Modal, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { actionFormOf } from '../dossiers/action-forms';
import type { DossierDetail } from '../dossiers/api';
import { useDeskT } from './i18n';
import { useDeskLabels } from './labels';

interface Props {
  dossier: DossierDetail;
  action: DossierAction;
  onClose: () => void;
  /** The action was done; the page shows a notice (and the paper to print). */
  onDone: (dossier: DossierDetail, action: DossierAction) => void;
  /** Someone else acted first and this action is no longer open to the caller. */
  onStale: () => void;
}

/** An officer's action on the dossier page: the action's form (../dossiers/action-forms) in a modal. */
export function ActionModal({ dossier, action, onClose, onDone, onStale }: Props) {
  const t = useDeskT();
  const { t: tt } = useTranslation();
  const labels = useDeskLabels();
  const fullScreen = useMediaQuery('(max-width: 36em)');
  const Form = actionFormOf(action, 'desk');
  return (
    <Modal
      opened
      onClose={onClose}
      title={
        <Text fw={600} component="span">
          {labels.action(action)}
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
      <Suspense fallback={<Loader size="sm" aria-label={tt('app.common.loading')} />}>
        {Form && (
          <Form
            dossier={dossier}
            action={action}
            onDone={(next) => onDone(next, action)}
            onStale={onStale}
            onCancel={onClose}
          />
        )}
      </Suspense>
    </Modal>
  );
}
