import type { LocalizedText, OfficerRole } from '@congso/core';
import { Alert, Button, Group, Modal, MultiSelect, PasswordInput, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isApiError } from '../app/api';
import { ErrorAlert } from '../app/errors';
import { useLanguage } from '../app/i18n';
import { AgencyPicker } from './agency-picker';
import { type AgencyRef, identityApi, type Officer, type Page, type UpdateOfficerInput } from './api';
import { useIdentityLabels } from './labels';
import { usePasswordProblemText } from './password-page';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function useServerFieldErrors(error: unknown) {
  const { pick } = useLanguage();
  const problems: Record<string, LocalizedText> = error instanceof ApiError ? error.fieldProblems() : {};
  return (field: string): string | null => (problems[field] ? pick(problems[field]) : null);
}

function useModalProps() {
  const fullScreen = useMediaQuery('(max-width: 36em)');
  return { fullScreen: !!fullScreen, size: 'lg' as const, centered: true };
}

interface CreateProps {
  opened: boolean;
  defaultAgency: AgencyRef | null;
  onClose: () => void;
  onDone: (officer: Officer) => void;
}

export function CreateOfficerModal({ opened, defaultAgency, onClose, onDone }: CreateProps) {
  const { t } = useTranslation();
  const labels = useIdentityLabels();
  const passwordText = usePasswordProblemText();
  const queryClient = useQueryClient();
  const modalProps = useModalProps();
  const [username, setUsername] = useState('');
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [agency, setAgency] = useState<AgencyRef | null>(defaultAgency);
  const [roles, setRoles] = useState<OfficerRole[]>(['specialist']);
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);

  const create = useMutation({
    mutationFn: () =>
      identityApi.createOfficer({
        username: username.trim(),
        fullName: fullName.trim(),
        email: email.trim() || undefined,
        phone: phone.trim() || undefined,
        agencyId: agency?.id ?? '',
        roles,
        password,
      }),
    onSuccess: (officer) => {
      void queryClient.invalidateQueries({ queryKey: ['officers'] });
      void queryClient.invalidateQueries({ queryKey: ['agencies', 'detail'] });
      reset();
      onDone(officer);
    },
  });
  const serverError = useServerFieldErrors(create.error);

  function reset() {
    setUsername('');
    setFullName('');
    setEmail('');
    setPhone('');
    setAgency(defaultAgency);
    setRoles(['specialist']);
    setPassword('');
    setTouched(false);
    create.reset();
  }

  const local = {
    username: !username.trim() ? t('identity.officer.required') : null,
    fullName: !fullName.trim() ? t('identity.officer.required') : null,
    email: email.trim() && !emailPattern.test(email.trim()) ? t('identity.officer.invalidEmail') : null,
    agencyId: !agency ? t('identity.officer.agencyRequired') : null,
    roles: roles.length === 0 ? t('identity.officer.rolesRequired') : null,
    password: !password ? t('identity.officer.required') : passwordText(password, username.trim()),
  };
  const shown = (field: keyof typeof local) => (touched ? local[field] : null) ?? serverError(field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (Object.values(local).some(Boolean)) return;
    create.mutate();
  };

  return (
    <Modal
      opened={opened}
      onClose={() => {
        reset();
        onClose();
      }}
      title={t('identity.officer.createTitle')}
      {...modalProps}
    >
      <form onSubmit={submit} noValidate data-testid="officer-create-form">
        <Stack>
          {create.isError && <ErrorAlert error={create.error} />}
          <TextInput
            label={t('identity.officer.username')}
            required
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(event) => setUsername(event.currentTarget.value)}
            error={shown('username')}
          />
          <ContactFields
            values={{ fullName, email, phone }}
            onFullName={setFullName}
            onEmail={setEmail}
            onPhone={setPhone}
            errors={{ fullName: shown('fullName'), email: shown('email'), phone: serverError('phone') }}
            autoCompleteOff
          />
          <AgencyPicker
            label={t('identity.officer.agency')}
            required
            value={agency}
            onChange={setAgency}
            error={shown('agencyId')}
          />
          <MultiSelect
            label={t('identity.officer.roles')}
            placeholder={roles.length ? undefined : t('identity.officer.rolesPlaceholder')}
            required
            data={labels.roleOptions()}
            value={roles}
            onChange={(value) => setRoles(value as OfficerRole[])}
            error={shown('roles')}
            comboboxProps={{ withinPortal: true }}
          />
          <PasswordInput
            label={t('identity.officer.initialPassword')}
            description={t('identity.password.rules')}
            required
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={shown('password')}
          />
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => {
                reset();
                onClose();
              }}
            >
              {t('app.common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('identity.officer.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface EditProps {
  officer: Officer;
  onClose: () => void;
  onDone: (officer: Officer) => void;
}

/** Edits an officer with optimistic concurrency: the `version` read is sent back; a 409 reloads the form. */
export function EditOfficerModal({ officer: initial, onClose, onDone }: EditProps) {
  const { t } = useTranslation();
  const labels = useIdentityLabels();
  const queryClient = useQueryClient();
  const modalProps = useModalProps();
  const [base, setBase] = useState<Officer>(initial);
  const [fullName, setFullName] = useState(initial.fullName);
  const [email, setEmail] = useState(initial.email ?? '');
  const [phone, setPhone] = useState(initial.phone ?? '');
  const [roles, setRoles] = useState<OfficerRole[]>(initial.roles);
  const [active, setActive] = useState(initial.active);
  const [touched, setTouched] = useState(false);
  const [reloaded, setReloaded] = useState(false);

  const load = (officer: Officer) => {
    setBase(officer);
    setFullName(officer.fullName);
    setEmail(officer.email ?? '');
    setPhone(officer.phone ?? '');
    setRoles(officer.roles);
    setActive(officer.active);
  };

  const save = useMutation({
    mutationFn: () => {
      // Send only what changed, with the version read; a cleared email or phone is sent as null.
      const changes: UpdateOfficerInput = { version: base.version };
      if (fullName.trim() !== base.fullName) changes.fullName = fullName.trim();
      if ((email.trim() || null) !== base.email) changes.email = email.trim() || null;
      if ((phone.trim() || null) !== base.phone) changes.phone = phone.trim() || null;
      if (roles.join(',') !== base.roles.join(',')) changes.roles = roles;
      if (active !== base.active) changes.active = active;
      return identityApi.updateOfficer(base.id, changes);
    },
    onSuccess: (officer) => {
      void queryClient.invalidateQueries({ queryKey: ['officers'] });
      onDone(officer);
    },
    onError: async (error) => {
      if (!isApiError(error, 'VERSION_CONFLICT') && !(isApiError(error) && error.status === 409)) return;
      // Someone else saved first: fetch the lists again and show the latest data of this officer.
      await queryClient.refetchQueries({ queryKey: ['officers'], type: 'active' });
      const fresh = queryClient
        .getQueriesData<Page<Officer>>({ queryKey: ['officers'] })
        .flatMap(([, page]) => page?.items ?? [])
        .find((item) => item.id === base.id);
      if (fresh) {
        load(fresh);
        setReloaded(true);
      }
    },
  });
  const serverError = useServerFieldErrors(save.error);

  const local = {
    fullName: !fullName.trim() ? t('identity.officer.required') : null,
    email: email.trim() && !emailPattern.test(email.trim()) ? t('identity.officer.invalidEmail') : null,
    roles: roles.length === 0 ? t('identity.officer.rolesRequired') : null,
  };
  const shown = (field: keyof typeof local) => (touched ? local[field] : null) ?? serverError(field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (Object.values(local).some(Boolean)) return;
    setReloaded(false);
    save.mutate();
  };

  return (
    <Modal opened onClose={onClose} title={t('identity.officer.editTitle')} {...modalProps}>
      <form onSubmit={submit} noValidate data-testid="officer-edit-form">
        <Stack>
          <Text size="sm" c="dimmed">
            <span className="congso-code">{base.username}</span> · {base.agency.name}
          </Text>
          {save.isError && <ErrorAlert error={save.error} testId="officer-edit-error" />}
          {reloaded && (
            <Alert color="blue" role="status">
              {t('identity.officer.conflictReloaded')}
            </Alert>
          )}
          <ContactFields
            values={{ fullName, email, phone }}
            onFullName={setFullName}
            onEmail={setEmail}
            onPhone={setPhone}
            errors={{ fullName: shown('fullName'), email: shown('email'), phone: serverError('phone') }}
          />
          <MultiSelect
            label={t('identity.officer.roles')}
            required
            data={labels.roleOptions()}
            value={roles}
            onChange={(value) => setRoles(value as OfficerRole[])}
            error={shown('roles')}
            comboboxProps={{ withinPortal: true }}
          />
          <Switch
            label={t('identity.officer.activeSwitch')}
            checked={active}
            onChange={(event) => setActive(event.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('app.common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface ResetProps {
  officer: Officer;
  onClose: () => void;
  onDone: (officer: Officer) => void;
}

export function ResetPasswordModal({ officer, onClose, onDone }: ResetProps) {
  const { t } = useTranslation();
  const passwordText = usePasswordProblemText();
  const modalProps = useModalProps();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [touched, setTouched] = useState(false);
  const reset = useMutation({
    mutationFn: () => identityApi.resetPassword(officer.id, password),
    onSuccess: () => onDone(officer),
  });
  const problem = !password ? t('identity.officer.required') : passwordText(password, officer.username);
  const mismatch = confirm !== password ? t('identity.password.mismatch') : null;
  return (
    <Modal opened onClose={onClose} title={t('identity.officer.resetTitle')} {...modalProps} size="md">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (problem || mismatch) return;
          reset.mutate();
        }}
      >
        <Stack>
          <Text size="sm">
            {officer.fullName} · <span className="congso-code">{officer.username}</span>
          </Text>
          {reset.isError && <ErrorAlert error={reset.error} />}
          <input type="text" name="username" autoComplete="username" value={officer.username} readOnly hidden />
          <PasswordInput
            label={t('identity.officer.newPassword')}
            description={t('identity.password.rules')}
            required
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={touched ? problem : null}
          />
          <PasswordInput
            label={t('identity.password.confirm')}
            required
            autoComplete="new-password"
            value={confirm}
            onChange={(event) => setConfirm(event.currentTarget.value)}
            error={touched ? mismatch : null}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.common.cancel')}
            </Button>
            <Button type="submit" color="orange" loading={reset.isPending}>
              {t('identity.officer.resetPassword')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Name, e-mail and phone of an officer: the same fields when creating and editing. */
function ContactFields(props: {
  values: { fullName: string; email: string; phone: string };
  onFullName: (value: string) => void;
  onEmail: (value: string) => void;
  onPhone: (value: string) => void;
  errors: { fullName: ReactNode; email: ReactNode; phone: ReactNode };
  autoCompleteOff?: boolean;
}) {
  const { t } = useTranslation();
  const autoComplete = props.autoCompleteOff ? 'off' : undefined;
  return (
    <>
      <TextInput
        label={t('identity.officer.fullName')}
        required
        autoComplete={autoComplete}
        value={props.values.fullName}
        onChange={(event) => props.onFullName(event.currentTarget.value)}
        error={props.errors.fullName}
      />
      <Group grow align="flex-start" wrap="wrap">
        <TextInput
          label={t('identity.officer.email')}
          type="email"
          autoComplete={autoComplete}
          value={props.values.email}
          onChange={(event) => props.onEmail(event.currentTarget.value)}
          error={props.errors.email}
          miw={200}
        />
        <TextInput
          label={t('identity.officer.phone')}
          type="tel"
          autoComplete={autoComplete}
          value={props.values.phone}
          onChange={(event) => props.onPhone(event.currentTarget.value)}
          error={props.errors.phone}
          miw={200}
        />
      </Group>
    </>
  );
}
