import {
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  type MantineColorsTuple,
  type MantineThemeOverride,
  Menu,
  Modal,
  mergeThemeOverrides,
  Pagination,
} from '@mantine/core';

/**
 * Mantine's palette with shades 8 and 9 darkened where they do not reach WCAG 2.1 AA's 4.5:1 for text: shade 8
 * (the filled colour under white text, the outline and the coloured text) against white, gray-0 (the page) and
 * its own shade 0; shade 9 (the light variant's text) against its own shade 1 (the light variant's background).
 * The hue stays; only lightness goes down (red 8: 4.5 → 5.0 on white; orange 8: 3.6 → 5.0; green 8: 3.5 → 5.0).
 */
function darker(name: string, shade8: string, shade9: string): MantineColorsTuple {
  const [s0, s1, s2, s3, s4, s5, s6, s7] = DEFAULT_THEME.colors[name] as MantineColorsTuple;
  return [s0, s1, s2, s3, s4, s5, s6, s7, shade8, shade9];
}

/**
 * The portal's theme. Accessible to WCAG 2.1 AA (the browser journeys check every page with axe): filled
 * colours, links and coloured text use shade 8 (Mantine's default 6 is 3.6:1 for blue), and the dimmed
 * text is a darker grey than gray-6 (3.3:1 on white).
 */
const baseTheme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  colors: {
    red: darker('red', '#da2121', '#c92a2a'),
    orange: darker('orange', '#bf490a', '#b53c0d'),
    yellow: darker('yellow', '#a56000', '#9f5200'),
    lime: darker('lime', '#4c7e0b', '#48730a'),
    green: darker('green', '#268037', '#247534'),
    teal: darker('teal', '#08805b', '#077554'),
    cyan: darker('cyan', '#0b7a8c', '#0b6f81'),
  },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace',
  focusRing: 'auto',
  // A reader who asked their system for less motion (vestibular disorders) gets menus and drawers without
  // their transitions.
  respectReducedMotion: true,
  defaultRadius: 'sm',
  components: {
    // Mantine's placeholder that takes the focus when a menu opens is a focusable role="presentation" child of
    // role="menu" (ARIA allows only items there); without it the focus goes to the first item, as the menu
    // pattern of WAI-ARIA has it.
    Menu: Menu.extend({ defaultProps: { withInitialFocusPlaceholder: false } }),
  },
});

/**
 * Dimmed text: 6.1:1 on white, 5.5:1 on blue-0 (a selected row), instead of gray-6's 3.3:1. Placeholders (the
 * search box's example): 4.7:1 on white instead of gray-5's 2.1:1; axe does not measure them, WCAG does.
 * A field's error text and border: red-8 (5.0:1 on white) instead of red-6's 3.3:1.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5c636a',
    '--mantine-color-placeholder': '#6c757d',
    '--mantine-color-error': 'var(--mantine-color-red-8)',
  },
  dark: {},
});

/** Names of a pagination's arrow controls (they show only an icon). */
export interface PageControlLabels {
  first: string;
  previous: string;
  next: string;
  last: string;
}

/**
 * The theme with the words it gives components in the reader's language: every dialog's close button and every
 * pagination's arrow controls are named (a page can still pass its own).
 */
export function localizedTheme(closeLabel: string, pageControls: PageControlLabels): MantineThemeOverride {
  return mergeThemeOverrides(baseTheme, {
    components: {
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
      Pagination: Pagination.extend({
        defaultProps: { getControlProps: (control) => ({ 'aria-label': pageControls[control] }) },
      }),
    },
  });
}
