import { ActionIcon, Button, Group, Loader, Text, UnstyledButton } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../app/errors';
import { AgencyLine } from './agency-line';
import { type AgencySummary, identityApi, type Page, pageSize } from './api';

interface TreeProps {
  includeHistory: boolean;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

/** Children of `parentId` (the roots when null), one page of 50 at a time. */
export function useAgencyChildren(parentId: string | null, includeHistory: boolean, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['agencies', 'children', parentId ?? 'roots', includeHistory],
    queryFn: ({ pageParam }) =>
      identityApi.agencies({ parentId: parentId ?? undefined, includeHistory, limit: pageSize, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: (last: Page<AgencySummary>, pages) => {
      const loaded = pages.reduce((sum, page) => sum + page.items.length, 0);
      return loaded < last.total && last.items.length > 0 ? loaded : undefined;
    },
    enabled,
  });
}

function ChildList({ parentId, level, ...props }: TreeProps & { parentId: string | null; level: number }) {
  const { t } = useTranslation();
  const children = useAgencyChildren(parentId, props.includeHistory);
  if (children.isPending) {
    return (
      <Group gap="xs" py={4} pl={parentId ? 28 : 0} role="status">
        <Loader size="xs" />
        <Text size="xs" c="dimmed">
          {t('app.common.loading')}
        </Text>
      </Group>
    );
  }
  if (children.isError) return <ErrorAlert error={children.error} onRetry={() => children.refetch()} />;
  const items = children.data.pages.flatMap((page) => page.items);
  if (items.length === 0 && parentId === null) {
    return (
      <Text size="sm" c="dimmed">
        {t('identity.agency.empty')}
      </Text>
    );
  }
  const autoExpand = parentId === null && items.length === 1;
  return (
    <ul
      className={parentId === null ? 'congso-tree' : undefined}
      aria-label={parentId === null ? t('identity.agency.treeLabel') : undefined}
    >
      {items.map((agency) => (
        <TreeNode key={agency.id} agency={agency} level={level} defaultExpanded={autoExpand} {...props} />
      ))}
      {children.hasNextPage && (
        <li>
          <Button
            variant="subtle"
            size="compact-xs"
            ml={28}
            my={4}
            loading={children.isFetchingNextPage}
            onClick={() => children.fetchNextPage()}
          >
            {t('app.common.loadMore')} ({items.length}/{children.data.pages.at(-1)?.total ?? items.length})
          </Button>
        </li>
      )}
    </ul>
  );
}

function TreeNode({
  agency,
  level,
  defaultExpanded,
  ...props
}: TreeProps & { agency: AgencySummary; level: number; defaultExpanded: boolean }) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(defaultExpanded);
  const hasChildren = agency.childCount > 0;
  const selected = props.selectedId === agency.id;
  const childListId = `agency-children-${agency.id}`;
  return (
    <li data-testid="agency-node" data-agency-id={agency.id}>
      <div className="congso-tree-row" data-selected={selected} data-historical={agency.validTo !== null}>
        {hasChildren ? (
          <ActionIcon
            className="congso-tree-toggle"
            variant="subtle"
            color="gray"
            size="sm"
            aria-expanded={expanded}
            aria-controls={expanded ? childListId : undefined}
            aria-label={t(expanded ? 'identity.agency.collapse' : 'identity.agency.expand', { name: agency.name })}
            title={t('identity.agency.children', { count: agency.childCount })}
            onClick={() => setExpanded((value) => !value)}
            data-testid="agency-toggle"
          >
            <span aria-hidden="true" style={{ fontSize: 12 }}>
              {expanded ? '▼' : '▶'}
            </span>
          </ActionIcon>
        ) : (
          <span className="congso-tree-toggle-spacer" />
        )}
        <UnstyledButton
          className="congso-agency-button"
          onClick={() => props.onSelect(agency.id)}
          aria-current={selected ? 'true' : undefined}
          data-testid="agency-select"
        >
          <AgencyLine agency={agency} />
        </UnstyledButton>
        {hasChildren && (
          <Text size="xs" c="dimmed" style={{ flex: 'none' }} aria-hidden="true" visibleFrom="xs">
            {agency.childCount}
          </Text>
        )}
      </div>
      {expanded && hasChildren && (
        <div id={childListId}>
          <ChildList parentId={agency.id} level={level + 1} {...props} />
        </div>
      )}
    </li>
  );
}

export function AgencyTree(props: TreeProps) {
  return (
    <div data-testid="agency-tree">
      <ChildList parentId={null} level={0} {...props} />
    </div>
  );
}
