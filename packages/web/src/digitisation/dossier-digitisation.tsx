import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import { fileUrl } from '../dossiers/api';
import { digitisationApi, digitisationKeys } from './api';

/**
 * What a dossier's page shows of its digitisation (desk and portal): the flags with their time, the papers
 * digitised (when), the documents taken from the data store (from which dossier) and the electronic results,
 * each opened from here.
 */
export function DossierDigitisation({
  dossierId,
  officerNames,
}: {
  dossierId: string;
  officerNames?: Record<string, string>;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const view = useQuery({
    queryKey: digitisationKeys.dossier(dossierId),
    queryFn: () => digitisationApi.ofDossier(dossierId),
  });
  if (!view.data) return null;
  const { flags, digitised, reused, electronicResults } = view.data;
  const when = (at: string | null) => (at ? formatDateTime(at, language) : t('digitisation.dossier.no'));
  const empty = digitised.length === 0 && reused.length === 0 && electronicResults.length === 0;
  return (
    <Stack gap="sm" data-testid="dossier-digitisation">
      <dl className="desk-facts" style={{ gridTemplateColumns: '1fr' }}>
        <div>
          <dt>{t('digitisation.dossier.digitisedAt')}</dt>
          <dd data-testid="flag-digitised">{when(flags.digitisedAt)}</dd>
        </div>
        <div>
          <dt>{t('digitisation.dossier.resultElectronicAt')}</dt>
          <dd data-testid="flag-result-electronic">{when(flags.resultElectronicAt)}</dd>
        </div>
        <div>
          <dt>{t('digitisation.dossier.reusedDataAt')}</dt>
          <dd data-testid="flag-reused">{when(flags.reusedDataAt)}</dd>
        </div>
      </dl>
      {empty && (
        <Text size="sm" c="dimmed">
          {t('digitisation.dossier.none')}
        </Text>
      )}
      {reused.length > 0 && (
        <div>
          <Title order={3} size="h6" mb={4}>
            {t('digitisation.dossier.reused')}
          </Title>
          <ul className="congso-plain-list" data-testid="reused-documents">
            {reused.map((r) => (
              <li key={r.item.id}>
                <Text size="sm">
                  {t('digitisation.dossier.reusedFrom', { name: r.item.name, code: r.item.sourceDossier.code })}
                </Text>
                <Anchor
                  href={fileUrl(r.item.file.id)}
                  target="_blank"
                  rel="noopener"
                  size="sm"
                  data-testid="reused-open"
                >
                  {t('digitisation.dossier.open', { name: r.item.name })}
                </Anchor>
              </li>
            ))}
          </ul>
        </div>
      )}
      {digitised.length > 0 && (
        <div>
          <Title order={3} size="h6" mb={4}>
            {t('digitisation.dossier.digitised')}
          </Title>
          <ul className="congso-plain-list" data-testid="digitised-documents">
            {digitised.map((item) => (
              <li key={item.id}>
                <Text size="sm">
                  {t('digitisation.dossier.digitisedBy', {
                    name: item.name,
                    at: formatDateTime(item.madeAt, language),
                  })}
                  {officerNames?.[item.madeBy] ? ` (${officerNames[item.madeBy]})` : ''}
                </Text>
                <Anchor href={fileUrl(item.file.id)} target="_blank" rel="noopener" size="sm">
                  {t('digitisation.dossier.open', { name: item.name })}
                </Anchor>
              </li>
            ))}
          </ul>
        </div>
      )}
      {electronicResults.length > 0 && (
        <div>
          <Title order={3} size="h6" mb={4}>
            {t('digitisation.dossier.electronicResults')}
          </Title>
          <ul className="congso-plain-list" data-testid="electronic-results">
            {electronicResults.map((item) => (
              <li key={item.id}>
                <Anchor
                  href={fileUrl(item.file.id)}
                  target="_blank"
                  rel="noopener"
                  size="sm"
                  data-testid="electronic-result-open"
                >
                  {t('digitisation.dossier.open', { name: item.name })}
                </Anchor>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Stack>
  );
}
