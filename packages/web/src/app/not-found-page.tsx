import { Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from './use-document-title';

export function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('app.common.notFoundTitle'));
  return (
    <Stack align="flex-start" py="xl">
      <Title order={1}>{t('app.common.notFoundTitle')}</Title>
      <Text>{t('app.common.notFoundText')}</Text>
      <Button component={Link} to="/" variant="light">
        {t('app.common.backHome')}
      </Button>
    </Stack>
  );
}
