import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useDocumentTitle } from '../app/use-document-title';
import { ConsumersPanel } from './consumers-panel';
import { LogPanel } from './log-panel';
import { RightsPanel } from './rights-panel';
import { ServicesPanel } from './services-panel';

const tabs = ['services', 'consumers', 'rights', 'log'] as const;
type Tab = (typeof tabs)[number];

/**
 * /admin/chia-se-du-lieu: the province's data-sharing gateway (LGSP) for its administrator: the services with
 * their OpenAPI descriptions, the consumers with their client credentials (the secret shown once), the rights,
 * and the exchange log with its verification. The part shown is in the address (?phan=log), so it can be linked.
 */
export default function GatewayPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('gateway.title'));
  const [params, setParams] = useSearchParams();
  const tab: Tab = tabs.find((value) => value === params.get('phan')) ?? 'services';
  return (
    <Stack gap="md" data-testid="gateway-page">
      <div>
        <Title order={1} size="h2">
          {t('gateway.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('gateway.intro')}
        </Text>
      </div>
      <Tabs
        value={tab}
        onChange={(value) => setParams(value && value !== 'services' ? { phan: value } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('gateway.tabsLabel')}>
          {tabs.map((value) => (
            <Tabs.Tab key={value} value={value} data-testid={`gateway-tab-${value}`}>
              {t(`gateway.tabs.${value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="services" pt="md">
          <ServicesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="consumers" pt="md">
          <ConsumersPanel />
        </Tabs.Panel>
        <Tabs.Panel value="rights" pt="md">
          <RightsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="log" pt="md">
          <LogPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
