import type { StoredFile } from '../../dossiers/api';
import type { ReceivingAgency } from '../dossier-api';

/** The contact the e-form asks for (name and national id come from the signed-in account). */
export interface Contact {
  phone: string;
  address: string;
  email: string;
}

/** The form kept in the tab (sessionStorage): a reload or a lost connection does not lose the work. */
export interface Draft {
  owner: string;
  savedAt: number;
  idempotencyKey: string;
  agency: ReceivingAgency | null;
  contact: Contact;
  files: Record<string, StoredFile[]>;
}

const draftLifetimeMs = 24 * 60 * 60 * 1000;
const draftKey = (code: string) => `congso.filing.${code}`;

/** The upload slot of the procedure's required document at `index`. */
export const slotOf = (index: number) => `doc-${index}`;

export function loadDraft(code: string, owner: string): Draft | null {
  try {
    const raw = sessionStorage.getItem(draftKey(code));
    if (!raw) return null;
    const draft = JSON.parse(raw) as Draft;
    if (draft.owner !== owner || Date.now() - draft.savedAt > draftLifetimeMs || !draft.idempotencyKey) {
      sessionStorage.removeItem(draftKey(code));
      return null;
    }
    return draft;
  } catch {
    return null;
  }
}

export function saveDraft(code: string, draft: Draft): void {
  try {
    sessionStorage.setItem(draftKey(code), JSON.stringify(draft));
  } catch {
    // Private mode or full storage: the form lives in memory only.
  }
}

export function dropDraft(code: string): void {
  try {
    sessionStorage.removeItem(draftKey(code));
  } catch {
    // Nothing kept.
  }
}
