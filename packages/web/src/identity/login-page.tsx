import { errorCatalog } from '@congso/core';
import { Alert, Button, Card, Divider, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { retryAfterSeconds, useErrorText, useWaitText } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { hasPermission, useSession } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { identityApi, type Me } from './api';

/** Only same-site paths are followed after signing in. */
function safeNext(next: string | null): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return null;
  return next;
}

function landingFor(user: Me): string {
  return hasPermission(user, 'agency.manage') ? '/admin/agencies' : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const waitText = useWaitText();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { me, signedIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useDocumentTitle(t('identity.login.title'));
  const { pick } = useLanguage();
  const providers = useQuery({ queryKey: ['auth', 'providers'], queryFn: identityApi.providers, staleTime: 300_000 });
  const ssoError = params.get('sso_error');
  const ssoErrorText =
    ssoError && ssoError in errorCatalog
      ? pick(errorCatalog[ssoError as keyof typeof errorCatalog])
      : ssoError
        ? pick(errorCatalog.SSO_FAILED)
        : null;
  const next = safeNext(params.get('next'));
  const ssoHref = (id: string) => `/api/v1/auth/oidc/${id}/start${next ? `?next=${encodeURIComponent(next)}` : ''}`;

  const login = useMutation({
    mutationFn: () => identityApi.login(username.trim(), password),
    onSuccess: (user) => {
      signedIn(user);
      navigate(safeNext(params.get('next')) ?? landingFor(user), { replace: true });
    },
    onError: (error) => {
      setPassword('');
      const wait = retryAfterSeconds(error);
      if (wait !== null) {
        setNow(Date.now());
        setWaitUntil(Date.now() + wait * 1000);
      }
    },
  });

  // Count down the throttling delay once a second.
  useEffect(() => {
    if (waitUntil === null) return;
    const timer = window.setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= waitUntil) setWaitUntil(null);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [waitUntil]);

  if (me && !login.isPending && !login.isSuccess) return <Navigate to={landingFor(me)} replace />;

  const secondsLeft = waitUntil === null ? 0 : Math.max(0, Math.ceil((waitUntil - now) / 1000));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    login.mutate();
  };

  return (
    <Stack maw={420} mx="auto" py={{ base: 'md', sm: 'xl' }}>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="login-title">
        <form onSubmit={submit} noValidate data-testid="login-form">
          <Stack>
            <div>
              <Title order={1} size="h2" id="login-title">
                {t('identity.login.title')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('identity.login.intro')}
              </Text>
            </div>
            {ssoErrorText && (
              <Alert color="red" role="alert" title={t('identity.login.ssoFailed')} data-testid="sso-error">
                <Text size="sm">{ssoErrorText}</Text>
              </Alert>
            )}
            {(providers.data ?? []).map((p) => (
              <Button
                key={p.id}
                component="a"
                href={ssoHref(p.id)}
                variant={p.id === 'citizen' ? 'filled' : 'default'}
                color={p.id === 'citizen' ? 'red.8' : undefined}
                size={p.id === 'citizen' ? 'md' : 'sm'}
                data-testid={`sso-${p.id}`}
              >
                {t(p.id === 'citizen' ? 'identity.login.ssoCitizen' : 'identity.login.ssoOfficer', {
                  name: p.displayName,
                })}
              </Button>
            ))}
            {(providers.data ?? []).length > 0 && <Divider label={t('identity.login.ssoOr')} labelPosition="center" />}
            {login.isError && (
              <Alert color="red" role="alert" title={t('identity.login.failed')} data-testid="login-error">
                <Text size="sm">{errorText(login.error)}</Text>
                {secondsLeft > 0 && (
                  <Text size="sm" fw={600} data-testid="login-wait">
                    {t('identity.login.throttledWait', { time: waitText(secondsLeft) })}
                  </Text>
                )}
              </Alert>
            )}
            {missing && (
              <Alert color="orange" role="alert">
                {t('identity.login.required')}
              </Alert>
            )}
            <TextInput
              label={t('identity.login.username')}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={username}
              onChange={(event) => {
                setUsername(event.currentTarget.value);
                // Throttling is per account: another username may be tried at once.
                setWaitUntil(null);
              }}
              data-testid="login-username"
            />
            <PasswordInput
              label={t('identity.login.password')}
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              data-testid="login-password"
            />
            <Button type="submit" loading={login.isPending} disabled={secondsLeft > 0} data-testid="login-submit">
              {t('identity.login.submit')}
            </Button>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
