import {
  Anchor,
  AppShell,
  Avatar,
  Box,
  Button,
  Container,
  Group,
  Loader,
  Menu,
  SegmentedControl,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { canUseDesk } from '../desk/roles';
import { canUseOffice } from '../office/roles';
import { AssistantPanel } from '../portal/assistant-panel';
import { NotificationBell } from '../portal/notification-bell';
import { useAdminGroups } from './admin-pages';
import { type Language, useLanguage } from './i18n';
import { hasPermission, useSession } from './session';

export function LanguageSwitch() {
  const { language, setLanguage } = useLanguage();
  return (
    <SegmentedControl
      size="xs"
      aria-label="Ngôn ngữ / Language"
      data-testid="language-switch"
      value={language}
      onChange={(value) => setLanguage(value as Language)}
      data={[
        {
          value: 'vi',
          label: (
            <>
              <span aria-hidden="true">VI</span>
              <VisuallyHidden lang="vi">Tiếng Việt</VisuallyHidden>
            </>
          ),
        },
        {
          value: 'en',
          label: (
            <>
              <span aria-hidden="true">EN</span>
              <VisuallyHidden lang="en">English</VisuallyHidden>
            </>
          ),
        },
      ]}
    />
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 47.99em)');
  const { me, signOut } = useSession();
  const mainLinks = useMainLinks();
  const navigate = useNavigate();
  const location = useLocation();
  if (!me) {
    if (location.pathname === '/login') return null;
    return (
      <Button component={Link} to="/login" size="xs" data-testid="header-sign-in">
        {t('app.nav.signIn')}
      </Button>
    );
  }
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={240}>
      <Menu.Target>
        <UnstyledButton
          aria-label={`${t('app.nav.account')}: ${me.fullName}`}
          data-testid="user-menu"
          style={{ borderRadius: 'var(--mantine-radius-xl)' }}
        >
          <Group gap={6} wrap="nowrap">
            {/* A person icon, not the name's initial: the button's name then contains all its visible text
                (WCAG 2.5.3), the full name shown beside it from the sm breakpoint. */}
            <Avatar size="sm" color="red" radius="xl" aria-hidden="true" />
            <Text size="sm" fw={500} visibleFrom="sm" maw={180} truncate="end">
              {me.fullName}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="dark">
            {me.fullName}
          </Text>
          <Text size="xs" c="dimmed">
            {me.agency?.name ?? me.username}
          </Text>
        </Menu.Label>
        {/* Rendered only where the header hides its navigation (below sm): a menu item hidden by CSS would still
            be the first item the keyboard focus goes to when the menu opens, and be lost there. */}
        {narrow && (
          <>
            {mainLinks.map((link) => (
              <Menu.Item key={link.to} component={Link} to={link.to} data-testid={link.testId}>
                {link.label}
              </Menu.Item>
            ))}
            <Menu.Divider />
          </>
        )}
        {me.kind === 'citizen' && (
          <Menu.Item component={Link} to="/ho-so-cua-toi/truy-cap-du-lieu" data-testid="menu-data-access">
            {t('gateway.access.nav')}
          </Menu.Item>
        )}
        <Menu.Item component={Link} to="/account/password">
          {t('app.nav.changePassword')}
        </Menu.Item>
        {/* In the text colour: Mantine paints a coloured item with shade 6 (red: 3.3:1 on white). */}
        <Menu.Item
          data-testid="sign-out"
          onClick={async () => {
            await signOut().catch(() => undefined);
            navigate('/');
          }}
        >
          {t('app.nav.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/**
 * The main places the signed-in person (or a visitor) may go: the header's navigation from the sm breakpoint,
 * the account menu's first part below it.
 */
function useMainLinks() {
  const { t } = useTranslation();
  const { me } = useSession();
  const adminGroups = useAdminGroups();
  return [
    { to: '/', label: t('app.nav.home'), show: true, end: true },
    { to: '/thu-tuc', label: t('app.nav.procedures'), show: true, end: false },
    {
      to: '/ho-so-cua-toi',
      label: t('app.nav.myDossiers'),
      show: !!me && me.kind !== 'officer',
      end: false,
      testId: 'menu-my-dossiers',
    },
    {
      to: '/kho-du-lieu',
      label: t('digitisation.nav'),
      show: !!me && me.kind !== 'officer',
      end: false,
      testId: 'menu-data-store',
    },
    { to: '/tra-cuu', label: t('app.nav.lookup'), show: me?.kind !== 'officer', end: false },
    { to: '/kiem-tra-chu-ky', label: t('signing.nav'), show: !me, end: false },
    { to: '/mot-cua', label: t('app.nav.desk'), show: canUseDesk(me), end: false },
    { to: '/van-ban', label: t('app.nav.office'), show: canUseOffice(me), end: false, testId: 'menu-office' },
    {
      to: '/bao-cao',
      label: t('app.nav.reporting'),
      show: hasPermission(me, 'reporting.read') || hasPermission(me, 'reporting.review'),
      end: false,
      testId: 'menu-reporting',
    },
    { to: '/dieu-hanh', label: t('app.nav.ioc'), show: hasPermission(me, 'ioc.read'), end: false, testId: 'menu-ioc' },
    // Every administration page, by group, on one page (/admin; its pages stay under /admin/…).
    { to: '/admin', label: t('app.nav.admin'), show: adminGroups.length > 0, end: false, testId: 'menu-admin' },
  ].filter((link) => link.show);
}

function HeaderNav() {
  const { t } = useTranslation();
  const links = useMainLinks();
  if (links.length < 2) return null;
  return (
    <Box component="nav" aria-label={t('app.nav.main')} visibleFrom="sm">
      <Group gap="xs" wrap="nowrap">
        {links.map((link) => (
          <NavLink key={link.to} to={link.to} end={link.end} className="congso-nav-link">
            {link.label}
          </NavLink>
        ))}
      </Group>
    </Box>
  );
}

/** On phones the header has no room for the navigation: the citizens' main entry stays visible. */
function MobileProceduresLink() {
  const { t } = useTranslation();
  return (
    <Box hiddenFrom="sm">
      <NavLink to="/thu-tuc" className="congso-nav-link" aria-label={t('app.nav.procedures')}>
        {t('app.nav.proceduresShort')}
      </NavLink>
    </Box>
  );
}

export function Shell() {
  const { t } = useTranslation();
  // The operations center's dashboards use the whole width of a wall screen.
  const wide = useLocation().pathname.startsWith('/dieu-hanh');
  return (
    <AppShell header={{ height: 56 }} padding={0}>
      <a href="#main" className="congso-skip-link">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header className="congso-header">
        <Container size="xl" h="100%" px={{ base: 'sm', sm: 'md' }}>
          <Group h="100%" justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="lg" wrap="nowrap">
              <Anchor
                component={Link}
                to="/"
                underline="never"
                className="congso-brand"
                aria-label={`${t('app.brand')} – ${t('app.nav.home')}`}
              >
                <span className="congso-brand-mark" aria-hidden="true">
                  ★
                </span>
                <Text component="span" fw={700} size="lg" c="dark">
                  {t('app.brand')}
                </Text>
              </Anchor>
              <HeaderNav />
            </Group>
            <Group gap="sm" wrap="nowrap">
              <MobileProceduresLink />
              <NotificationBell />
              <LanguageSwitch />
              <UserMenu />
            </Group>
          </Group>
        </Container>
      </AppShell.Header>
      <AppShell.Main id="main" tabIndex={-1}>
        {/* Room below the page for the guide's floating button, so it never covers the page's last controls. */}
        <Container size="xl" fluid={wide} pt="lg" pb={96} px={{ base: 'sm', sm: 'md', xl: wide ? 'xl' : 'md' }}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Container>
      </AppShell.Main>
      <AssistantPanel />
    </AppShell>
  );
}

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Group justify="center" py="xl" role="status" aria-live="polite">
      <Loader size="sm" />
      <Text size="sm" c="dimmed">
        {t('app.common.loading')}
      </Text>
    </Group>
  );
}
