import type { Me } from '../identity/api';

/**
 * Who sees the documents office. Kept apart from its pages (loaded on demand) because the shell imports it
 * for its navigation: officers whose roles read their agency's documents (core's `office.read`).
 */
export function canUseOffice(me: Me | null | undefined): boolean {
  return !!me && me.kind === 'officer' && me.permissions.includes('office.read');
}

export function isDocumentClerk(me: Me | null | undefined): boolean {
  return !!me && me.kind === 'officer' && me.roles.includes('document_clerk');
}

/** Specialists, department heads and leaders draft outgoing documents (core's `office.draft`). */
export function canDraft(me: Me | null | undefined): boolean {
  return !!me && me.kind === 'officer' && me.permissions.includes('office.draft');
}

/** Leaders, administrators and viewers read the share of work files handled online (core's `office.report`). */
export function seesOnlineShare(me: Me | null | undefined): boolean {
  return !!me && me.kind === 'officer' && me.permissions.includes('office.report');
}
