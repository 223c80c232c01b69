import { Anchor, Box, Button, Drawer, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api, isApiError } from '../app/api';
import { useLanguage } from '../app/i18n';
import { useSession } from '../app/session';
import { rememberChoice } from './search-session';
import './portal.css';

type Text2 = { vi: string; en: string };

/** The guide's answer (`GET /api/v1/assistant`). */
interface GuideReply {
  intent: string;
  kind: 'answer' | 'question' | 'none' | 'need_code' | 'status';
  text: Text2;
  facts: { label: Text2; lines: Text2[] }[];
  procedure: { code: string; name: string } | null;
  question: { text: Text2; options: { label: Text2; code: string }[] } | null;
  dossiers: { code: string; procedureName: string; status: Text2; href: string | null }[];
  sources: { label: Text2; href: string }[];
  fileHref: string | null;
}

type Entry =
  | { from: 'citizen'; text: string }
  | { from: 'guide'; reply: GuideReply; message: string }
  | { from: 'guide-error'; text: string };

interface Ask {
  message: string;
  procedure?: string;
  dossierCode?: string;
  phone?: string;
}

function GuideMessage({
  entry,
  onAsk,
  latest,
}: {
  entry: Extract<Entry, { from: 'guide' }>;
  onAsk: (ask: Ask, shown: string) => void;
  latest: boolean;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { reply, message } = entry;
  const [code, setCode] = useState('');
  const [phone, setPhone] = useState('');
  return (
    <Paper withBorder radius="md" p="sm" className="guide-reply" data-testid="guide-reply">
      <Stack gap={6}>
        <Text size="sm">{reply.text[language]}</Text>
        {reply.facts.map((fact) => (
          <div key={fact.label.vi}>
            <Text size="sm" fw={600}>
              {fact.label[language]}
            </Text>
            <List size="sm" spacing={2}>
              {fact.lines.map((line) => (
                <List.Item key={line.vi}>{line[language]}</List.Item>
              ))}
            </List>
          </div>
        ))}
        {reply.dossiers.length > 0 && (
          <List size="sm" spacing={2} data-testid="guide-dossiers">
            {reply.dossiers.map((d) => (
              <List.Item key={d.code}>
                {d.href ? (
                  <Anchor component={Link} to={d.href}>
                    {d.code}
                  </Anchor>
                ) : (
                  d.code
                )}{' '}
                · {d.procedureName} · <strong>{d.status[language]}</strong>
              </List.Item>
            ))}
          </List>
        )}
        {reply.question && latest && (
          <Group gap={6} role="group" aria-label={reply.question.text[language]}>
            {reply.question.options.map((o) => (
              <Button
                key={o.code}
                size="compact-sm"
                variant="light"
                onClick={() => onAsk({ message, procedure: o.code }, o.label[language])}
                className="portal-answer-button"
                data-testid="guide-option"
              >
                {o.label[language]}
              </Button>
            ))}
          </Group>
        )}
        {reply.kind === 'need_code' && latest && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (code.trim() && /^\d{4}$/.test(phone))
                onAsk({ message, dossierCode: code.trim(), phone }, code.trim());
            }}
          >
            <Stack gap={6}>
              <TextInput
                size="sm"
                label={t('portal.guide.dossierCode')}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
              />
              <TextInput
                size="sm"
                label={t('portal.guide.phoneDigits')}
                inputMode="numeric"
                maxLength={4}
                value={phone}
                onChange={(e) => setPhone(e.currentTarget.value.replace(/\D/g, ''))}
              />
              <Button type="submit" size="compact-sm" style={{ alignSelf: 'flex-start' }}>
                {t('portal.guide.lookup')}
              </Button>
            </Stack>
          </form>
        )}
        {reply.fileHref && reply.procedure && (
          <Button
            component={Link}
            to={reply.fileHref}
            size="compact-sm"
            style={{ alignSelf: 'flex-start' }}
            onClick={() => {
              if (reply.procedure) rememberChoice(message, reply.procedure.code);
            }}
            data-testid="guide-file"
          >
            {t('portal.guide.file')}
          </Button>
        )}
        {reply.sources.length > 0 && (
          <Text size="xs" c="dimmed" data-testid="guide-sources">
            {t('portal.guide.source')}{' '}
            {reply.sources.map((s, i) => (
              <span key={s.href}>
                {i > 0 && ' · '}
                <Anchor component={Link} to={s.href} size="xs">
                  {s.label[language]}
                </Anchor>
              </span>
            ))}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * The guide: a chat panel on the portal's pages, answered by the server from the catalogue, in the reader's language
 * (its sentences and labels; the catalogue's names as published).
 */
export function AssistantPanel() {
  const { t } = useTranslation();
  const { me } = useSession();
  const location = useLocation();
  const [opened, setOpened] = useState(false);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const endRef = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page closes the panel
  useEffect(() => {
    setOpened(false);
  }, [location.pathname]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll to the newest message
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [entries.length]);
  if (me?.kind === 'officer' || location.pathname.startsWith('/admin') || location.pathname.startsWith('/mot-cua'))
    return null;

  const ask = async (q: Ask, shown: string) => {
    setEntries((list) => [...list, { from: 'citizen', text: shown }]);
    setBusy(true);
    try {
      const reply = await api.get<GuideReply>('/assistant', { ...q });
      setEntries((list) => [...list, { from: 'guide', reply, message: q.message }]);
    } catch (error) {
      const text = isApiError(error, 'NOT_FOUND')
        ? t('portal.guide.notFound')
        : isApiError(error, 'RATE_LIMITED')
          ? t('portal.guide.tooMany')
          : t('portal.guide.error');
      setEntries((list) => [...list, { from: 'guide-error', text }]);
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const message = draft.trim();
    if (!message || busy) return;
    setDraft('');
    void ask({ message }, message);
  };
  const examples = t('portal.guide.examples').split('|');

  return (
    <>
      <Button
        className="guide-launcher"
        radius="xl"
        size="md"
        onClick={() => setOpened(true)}
        aria-haspopup="dialog"
        data-testid="guide-open"
      >
        {t('portal.guide.open')}
      </Button>
      <Drawer
        opened={opened}
        onClose={() => setOpened(false)}
        position="right"
        size="md"
        title={
          <Title order={2} size="h4">
            {t('portal.guide.title')}
          </Title>
        }
        closeButtonProps={{ 'aria-label': t('portal.guide.close') }}
        data-testid="guide-panel"
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('portal.guide.intro')}
          </Text>
          <Box role="log" aria-live="polite" aria-label={t('portal.guide.title')} className="guide-log">
            <Stack gap="xs">
              {entries.map((entry, i) =>
                entry.from === 'citizen' ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows
                  <Paper key={i} radius="md" p="xs" className="guide-citizen" data-testid="guide-asked">
                    <Text size="sm">{entry.text}</Text>
                  </Paper>
                ) : entry.from === 'guide' ? (
                  <GuideMessage
                    // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows
                    key={i}
                    entry={entry}
                    onAsk={(q, shown) => void ask(q, shown)}
                    latest={i === entries.length - 1}
                  />
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows
                  <Text key={i} size="sm" c="red">
                    {entry.text}
                  </Text>
                ),
              )}
              {busy && (
                <Text size="sm" c="dimmed">
                  {t('portal.guide.thinking')}
                </Text>
              )}
              <div ref={endRef} />
            </Stack>
          </Box>
          {entries.length === 0 && (
            <Group gap={6}>
              {examples.map((example) => (
                <Button
                  key={example}
                  size="compact-sm"
                  variant="light"
                  onClick={() => void ask({ message: example }, example)}
                >
                  {example}
                </Button>
              ))}
            </Group>
          )}
          <form onSubmit={submit}>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                label={t('portal.guide.label')}
                placeholder={t('portal.guide.placeholder')}
                value={draft}
                onChange={(e) => setDraft(e.currentTarget.value)}
                maxLength={500}
                data-testid="guide-input"
              />
              <Button type="submit" loading={busy} data-testid="guide-send">
                {t('portal.guide.send')}
              </Button>
            </Group>
          </form>
        </Stack>
      </Drawer>
    </>
  );
}
