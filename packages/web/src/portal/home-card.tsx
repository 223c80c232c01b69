import { Anchor, Badge, Button, Card, Group, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../app/errors';
import { formatNumber } from '../app/format';
import { useLanguage } from '../app/i18n';
import { useSession } from '../app/session';
import type { DossierSummary } from '../dossiers/api';
import { popularDays, portalApi, portalKeys } from './api';
import { dossierApi } from './dossier-api';
import { formatInstant, StatusBadge } from './dossier-labels';
import { displayName } from './labels';
import './portal.css';

/**
 * What a citizen comes to the home page for, in that order: the search for a procedure (in the page's
 * heading card), their own dossiers when signed in, the procedures the province files most (counted from the
 * dossiers by the server), and the lookup of a dossier by its code.
 */

/** The search box of the home page: leads to the catalogue's results. */
export function ProcedureSearchForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = query.trim();
    navigate(q ? `/thu-tuc?q=${encodeURIComponent(q)}` : '/thu-tuc');
  };
  return (
    <search aria-label={t('portal.search.label')}>
      <form onSubmit={submit}>
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            type="search"
            enterKeyHint="search"
            autoComplete="off"
            size="md"
            aria-label={t('portal.search.label')}
            placeholder={t('portal.search.placeholder')}
            value={query}
            onChange={(event) => setQuery(event.currentTarget.value)}
            style={{ flex: 1, minWidth: 0 }}
            data-testid="home-procedure-search"
          />
          <Button type="submit" size="md" data-testid="home-procedure-submit">
            {t('portal.search.submit')}
          </Button>
        </Group>
      </form>
    </search>
  );
}

function HomeSection({
  title,
  intro,
  testId,
  children,
}: {
  title: string;
  intro?: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding="lg" data-testid={testId} component="section">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h3">
            {title}
          </Title>
          {intro && (
            <Text size="sm" c="dimmed">
              {intro}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Card>
  );
}

/** The procedures most filed in the province lately, each a link to its page. */
export function PopularProcedures() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const popular = useQuery({
    queryKey: portalKeys.popular(popularDays),
    queryFn: () => portalApi.popular(popularDays, 6),
    staleTime: 5 * 60_000,
  });
  return (
    <HomeSection
      title={t('portal.home.popularTitle')}
      intro={t('portal.home.popularIntro', { days: String(popularDays) })}
      testId="home-popular"
    >
      {popular.isPending ? (
        <Stack gap="xs">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} h={44} />
          ))}
        </Stack>
      ) : popular.isError ? (
        <ErrorAlert error={popular.error} onRetry={() => popular.refetch()} />
      ) : popular.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('portal.home.popularEmpty', { days: String(popularDays) })}
        </Text>
      ) : (
        <ol className="portal-popular">
          {popular.data.items.map((p) => (
            <li
              key={p.code}
              className="portal-result portal-popular-item"
              data-testid="home-popular-item"
              data-code={p.code}
            >
              <Anchor component={Link} to={`/thu-tuc/${p.code}`} className="portal-result-link" fw={600}>
                {displayName(p.name)}
              </Anchor>
              <Text size="xs" c="dimmed" component="span" className="portal-popular-meta">
                {p.field} ·{' '}
                <span data-testid="home-popular-filings">
                  {t('portal.home.popularFilings', { n: formatNumber(p.filings, language) })}
                </span>
              </Text>
            </li>
          ))}
        </ol>
      )}
      <Anchor component={Link} to="/thu-tuc" fw={600} size="sm" data-testid="home-procedures">
        {t('portal.home.browse')} <span aria-hidden="true">→</span>
      </Anchor>
    </HomeSection>
  );
}

/** The public lookup, started from the home page: the code here, the phone's last digits on its page. */
export function LookupCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = code.trim().toUpperCase();
    navigate(value ? `/tra-cuu?ma=${encodeURIComponent(value)}` : '/tra-cuu');
  };
  return (
    <HomeSection title={t('portal.home.lookup')} intro={t('portal.home.lookupIntro')} testId="home-lookup-card">
      <form onSubmit={submit}>
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            label={t('portal.home.lookupCode')}
            placeholder={t('portal.home.lookupPlaceholder')}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            style={{ flex: 1, minWidth: 0 }}
            data-testid="home-lookup-code"
          />
          <Button type="submit" variant="light" data-testid="home-lookup">
            {t('portal.home.lookupSubmit')}
          </Button>
        </Group>
      </form>
    </HomeSection>
  );
}

function DossierLine({ dossier }: { dossier: DossierSummary }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return (
    <li className="portal-result portal-popular-item" data-testid="home-dossier">
      <Group gap="xs" justify="space-between" wrap="wrap" align="flex-start">
        <Text size="xs" ff="monospace" className="portal-code">
          {dossier.code}
        </Text>
        <StatusBadge status={dossier.status} size="sm" />
      </Group>
      <Anchor component={Link} to={`/ho-so-cua-toi/${dossier.id}`} className="portal-result-link" fw={600} size="sm">
        {displayName(dossier.procedure.name)}
      </Anchor>
      <Text size="xs" c="dimmed">
        {t('portal.dossier.submittedAt')}: {formatInstant(dossier.submittedAt, language)}
      </Text>
    </li>
  );
}

/** A signed-in citizen's latest dossiers, with the way to all of them. */
export function MyDossiersCard() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const mine = useQuery({ queryKey: ['dossiers', 'home'], queryFn: () => dossierApi.list('', 0), staleTime: 30_000 });
  return (
    <HomeSection
      title={t('portal.home.myDossiers')}
      intro={t('portal.home.myDossiersIntro')}
      testId="home-my-dossiers-card"
    >
      {mine.isPending ? (
        <Skeleton h={60} />
      ) : mine.isError ? (
        <ErrorAlert error={mine.error} onRetry={() => mine.refetch()} />
      ) : mine.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('portal.home.myDossiersEmpty')}
        </Text>
      ) : (
        <ul className="portal-popular">
          {mine.data.items.slice(0, 3).map((d) => (
            <DossierLine key={d.id} dossier={d} />
          ))}
        </ul>
      )}
      <Group gap="xs">
        <Anchor component={Link} to="/ho-so-cua-toi" fw={600} size="sm" data-testid="home-my-dossiers">
          {t('portal.home.myDossiersAll')} <span aria-hidden="true">→</span>
        </Anchor>
        {mine.data && mine.data.total > 0 && (
          <Badge variant="light" color="gray" size="sm">
            {formatNumber(mine.data.total, language)}
          </Badge>
        )}
      </Group>
    </HomeSection>
  );
}

/** The citizen's part of the home page under its heading: their dossiers, the popular procedures, the lookup. */
export function PortalHomeSections() {
  const { me } = useSession();
  return (
    <>
      {me && me.kind !== 'officer' && <MyDossiersCard />}
      <div className="portal-home-grid">
        <PopularProcedures />
        <LookupCard />
      </div>
    </>
  );
}
