import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A table's horizontal scroll on narrow screens. The scrolling viewport takes the keyboard focus (a region
 * named after the table), so a keyboard user can scroll it even when the table holds no link or button
 * (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function TableScroll({ minWidth, label, children }: { minWidth: number; label: string; children: ReactNode }) {
  return (
    <Table.ScrollContainer
      minWidth={minWidth}
      scrollAreaProps={{ viewportProps: { tabIndex: 0, role: 'region', 'aria-label': label } }}
    >
      {children}
    </Table.ScrollContainer>
  );
}
