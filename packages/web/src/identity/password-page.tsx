import { passwordProblem } from '@congso/core';
import { Alert, Button, Card, PasswordInput, Stack, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../app/errors';
import { useSession } from '../app/session';
import { useDocumentTitle } from '../app/use-document-title';
import { identityApi } from './api';

/** Local check mirroring the server's rule, so people see the problem before sending. */
export function usePasswordProblemText() {
  const { t } = useTranslation();
  return (password: string, username?: string): string | null => {
    switch (passwordProblem(password, username)) {
      case 'too_short':
        return t('identity.password.tooShort');
      case 'too_long':
        return t('identity.password.tooLong');
      case 'too_simple':
        return t('identity.password.tooSimple');
      default:
        return null;
    }
  };
}

export function PasswordPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const problemText = usePasswordProblemText();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [touched, setTouched] = useState(false);
  useDocumentTitle(t('identity.password.title'));

  const change = useMutation({
    mutationFn: () => identityApi.changePassword(current, next),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setConfirm('');
      setTouched(false);
    },
  });

  const nextProblem = touched && next ? problemText(next, me?.username) : null;
  const mismatch = touched && confirm !== next ? t('identity.password.mismatch') : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!current || problemText(next, me?.username) || confirm !== next) return;
    change.mutate();
  };

  return (
    <Stack maw={460} mx="auto" py={{ base: 'md', sm: 'xl' }}>
      <Card withBorder radius="md" padding="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={1} size="h2">
              {t('identity.password.title')}
            </Title>
            {change.isSuccess && (
              <Alert color="green" role="status" data-testid="password-changed">
                {t('identity.password.done')}
              </Alert>
            )}
            {/* Lets password managers pair the new password with the account. */}
            <input type="text" name="username" autoComplete="username" value={me?.username ?? ''} readOnly hidden />
            {change.isError && <ErrorAlert error={change.error} title={t('identity.password.failed')} />}
            <PasswordInput
              label={t('identity.password.current')}
              autoComplete="current-password"
              required
              value={current}
              onChange={(event) => setCurrent(event.currentTarget.value)}
              error={touched && !current ? t('identity.officer.required') : null}
            />
            <PasswordInput
              label={t('identity.password.new')}
              description={t('identity.password.rules')}
              autoComplete="new-password"
              required
              value={next}
              onChange={(event) => setNext(event.currentTarget.value)}
              error={nextProblem ?? (touched && !next ? t('identity.officer.required') : null)}
            />
            <PasswordInput
              label={t('identity.password.confirm')}
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(event) => setConfirm(event.currentTarget.value)}
              error={mismatch}
            />
            <Button type="submit" loading={change.isPending}>
              {t('identity.password.submit')}
            </Button>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
