import { papersOf } from '@congso/core';
import { Anchor, Card, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDateTime } from '../app/format';
import { useLanguage } from '../app/i18n';
import type { DossierDetail } from '../dossiers/api';
import { DossierFileList, PaperLink, ResultDocumentList } from '../dossiers/dossier-parts';
import { Line } from './history';
import { useDeskT } from './i18n';
import { useDeskLabels } from './labels';

export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card withBorder radius="md" padding="md" component="section" data-testid={testId}>
      <Title order={2} size="h5" mb="xs">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** The dossier page's side column: the applicant, the papers to print, the outcome, the files. */
export function DossierSide({ dossier }: { dossier: DossierDetail }) {
  const t = useDeskT();
  const labels = useDeskLabels();
  const { language } = useLanguage();
  const papers = papersOf(dossier.events);
  const files = dossier.files ?? [];
  const applicant = dossier.applicant;
  return (
    <Stack gap="md">
      <Section title={t('dossier.applicant')} testId="dossier-applicant">
        <dl className="desk-facts" style={{ gridTemplateColumns: '1fr' }}>
          {dossier.organisation && (
            <Fact label={t('dossier.organisation')} testId="dossier-organisation">
              <Text span size="sm" fw={600}>
                {dossier.organisation.name}
              </Text>
            </Fact>
          )}
          <Fact label={t('dossier.fullName')}>
            <Text span size="sm" fw={600}>
              {applicant.fullName}
            </Text>
          </Fact>
          <Fact label={t('dossier.nationalId')}>
            <span className="congso-code">{applicant.nationalId}</span>
          </Fact>
          <Fact label={t('dossier.phone')}>
            <Anchor href={`tel:${applicant.phone.replace(/[^\d+]/g, '')}`} size="sm">
              {applicant.phone}
            </Anchor>
          </Fact>
          {applicant.email && <Fact label={t('dossier.email')}>{applicant.email}</Fact>}
          <Fact label={t('dossier.address')}>{applicant.address}</Fact>
        </dl>
      </Section>

      {papers.length > 0 && (
        <Section title={t('dossier.papers')} testId="dossier-papers">
          <Stack
            gap={6}
            align="flex-start"
            component="ul"
            className="desk-plain-list"
            style={{ paddingLeft: 0, listStyle: 'none' }}
          >
            {papers.map((form) => (
              <li key={form}>
                <PaperLink
                  dossierId={dossier.id}
                  form={form}
                  testId={`print-${form}`}
                  label={t('dossier.printNow', { form: t(`paper.${form}`) })}
                  newTabText={t('paper.newTab')}
                >
                  {t(`paper.${form}`)}
                </PaperLink>
              </li>
            ))}
          </Stack>
        </Section>
      )}

      {(dossier.state.proposal || dossier.state.decision || dossier.state.result || dossier.state.returned) && (
        <Section title={t('dossier.result')} testId="dossier-result">
          <Stack gap={6}>
            {dossier.state.proposal && (
              <Line label={t('dossier.proposal')} component="p">
                {dossier.state.proposal.kind === 'approval'
                  ? t('dossier.proposedApproval')
                  : t('dossier.proposedRefusal')}
              </Line>
            )}
            {dossier.state.decision && (
              <Line label={t('dossier.decision')} component="p">
                <Text span fw={600} size="sm" c={dossier.state.decision.kind === 'approved' ? 'green.8' : 'red.8'}>
                  {dossier.state.decision.kind === 'approved' ? t('dossier.approved') : t('dossier.refused')}
                </Text>
              </Line>
            )}
            {dossier.state.result && (
              <div>
                <Text size="xs" c="dimmed">
                  {t('dossier.resultIssuedAt', { time: formatDateTime(dossier.state.result.issuedAt, language) })}
                </Text>
                <ResultDocumentList documents={dossier.state.result.documents} numberText={(number) => `— ${number}`} />
              </div>
            )}
            {dossier.state.returned && (
              <Line label={t('dossier.returned')} component="p">
                {t('dossier.returnedAt', {
                  method: labels.method(dossier.state.returned.method),
                  time: formatDateTime(dossier.state.returned.at, language),
                })}
              </Line>
            )}
            {dossier.state.rating && (
              <Line label={t('dossier.rating')} component="p">
                {labels.rating(dossier.state.rating.value)}
                {dossier.state.rating.comment ? ` — ${dossier.state.rating.comment}` : ''}
              </Line>
            )}
          </Stack>
        </Section>
      )}

      {dossier.state.endReason && (
        <Section title={t('dossier.endReason')}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {dossier.state.endReason}
          </Text>
        </Section>
      )}

      <Section title={t('dossier.files')} testId="dossier-files">
        <DossierFileList
          files={files}
          purposeLabel={(purpose) => t(`dossier.filePurpose.${purpose}`)}
          emptyText={t('dossier.noFiles')}
        />
      </Section>
    </Stack>
  );
}
