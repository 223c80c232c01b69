import { sexLabels } from '@congso/core';
import { Alert, Button, Checkbox, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/errors';
import { formatDate, formatDateTime } from '../../app/format';
import { useLanguage } from '../../app/i18n';
import { gatewayApi } from '../../gateway/api';
import type { FilingForm } from './use-filing-form';

/**
 * "Take my details from the national population database": with the citizen's consent, a lookup of their own
 * national id through the province's data-sharing gateway (logged; shown later under "who accessed my data"),
 * its answer shown and the address filled in; the filing then names the lookup (the population-data flag).
 */
export function PopulationPrefill({ filing, nationalId }: { filing: FilingForm; nationalId: string }) {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const [consent, setConsent] = useState(false);
  const [consentError, setConsentError] = useState(false);
  const lookup = useMutation({
    mutationFn: () => gatewayApi.lookupCitizen(nationalId),
    onSuccess: (found) => filing.takePopulation(found),
  });
  const found = filing.population;
  return (
    <fieldset className="portal-fieldset" aria-labelledby="population-prefill-title" data-testid="population-prefill">
      <Stack gap="xs">
        <Text fw={600} id="population-prefill-title">
          {t('gateway.prefill.title')}
        </Text>
        {found ? (
          <Alert color="green" variant="light" role="status" data-testid="population-prefilled">
            <Text size="sm">{t('gateway.prefill.done', { time: formatDateTime(found.consentAt, language) })}</Text>
            <dl className="portal-facts">
              <div>
                <dt>{t('gateway.prefill.fullName')}</dt>
                <dd data-testid="population-full-name">{found.citizen.fullName}</dd>
              </div>
              <div>
                <dt>{t('gateway.prefill.dateOfBirth')}</dt>
                <dd>{formatDate(found.citizen.dateOfBirth, language)}</dd>
              </div>
              <div>
                <dt>{t('gateway.prefill.sex')}</dt>
                <dd>{pick(sexLabels[found.citizen.sex])}</dd>
              </div>
              <div>
                <dt>{t('gateway.prefill.permanentAddress')}</dt>
                <dd>{found.citizen.permanentAddress}</dd>
              </div>
            </dl>
          </Alert>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              {t('gateway.prefill.intro')}
            </Text>
            <Checkbox
              label={t('gateway.prefill.consent')}
              checked={consent}
              onChange={(e) => {
                setConsent(e.currentTarget.checked);
                if (e.currentTarget.checked) setConsentError(false);
              }}
              error={consentError ? t('gateway.prefill.consentRequired') : null}
              data-testid="population-consent"
            />
            {lookup.isError && <ErrorAlert error={lookup.error} />}
            <div>
              <Button
                variant="light"
                loading={lookup.isPending}
                onClick={() => {
                  if (!consent) {
                    setConsentError(true);
                    return;
                  }
                  lookup.mutate();
                }}
                data-testid="population-lookup"
              >
                {t('gateway.prefill.lookup')}
              </Button>
            </div>
          </>
        )}
      </Stack>
    </fieldset>
  );
}
