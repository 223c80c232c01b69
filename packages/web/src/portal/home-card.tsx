import { Anchor, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../app/session';

/**
 * The home page's way into the catalogue: a search box, a link to every procedure, the public dossier
 * lookup and, for a signed-in citizen, their dossiers. It asks the server nothing, so the home page stays light.
 */
export function ProcedureHomeCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const { me } = useSession();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = query.trim();
    navigate(q ? `/thu-tuc?q=${encodeURIComponent(q)}` : '/thu-tuc');
  };
  return (
    <Card withBorder radius="md" padding="lg" data-testid="home-procedures-card">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h3">
            {t('portal.home.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('portal.home.intro')}
          </Text>
        </div>
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
        <Group gap="lg" wrap="wrap">
          <Anchor component={Link} to="/thu-tuc" fw={600} data-testid="home-procedures">
            {t('portal.home.browse')} <span aria-hidden="true">→</span>
          </Anchor>
          {me && me.kind !== 'officer' && (
            <Anchor component={Link} to="/ho-so-cua-toi" fw={600} data-testid="home-my-dossiers">
              {t('portal.home.myDossiers')} <span aria-hidden="true">→</span>
            </Anchor>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {t('portal.home.lookupIntro')}{' '}
          <Anchor component={Link} to="/tra-cuu" fw={600} data-testid="home-lookup">
            {t('portal.home.lookup')}
          </Anchor>
        </Text>
      </Stack>
    </Card>
  );
}
