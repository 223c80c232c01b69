/**
 * The gateway's tamper-evident log as pure functions: the canonical text of an entry, the chain rule and the walk
 * that checks a whole log and its anchors. The hash function is passed in (core has no crypto of its own): the
 * server gives SHA-256 as lowercase hex.
 *
 * hash(entry) = H(prev_hash + "\n" + canonical(entry)). `seq` is not part of the hashed text: the order is what
 * the links say, so a row moved to another place, or a row taken out, breaks a link; a row changed in place
 * no longer matches its own hash.
 */

/** The fields an entry's hash covers, in this order. */
export interface ChainedEntry {
  id: string;
  at: Date;
  consumerId: string | null;
  consumerCode: string | null;
  serviceCode: string;
  method: string;
  path: string;
  purpose: string | null;
  dossierId: string | null;
  subjectNationalId: string | null;
  outcome: string;
  status: number;
  errorCode: string | null;
  durationMs: number;
}

export interface LogRow extends ChainedEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

export type HashFn = (text: string) => string;

/** The chain's start: the previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

const FIELDS = [
  'id',
  'at',
  'consumerId',
  'consumerCode',
  'serviceCode',
  'method',
  'path',
  'purpose',
  'dossierId',
  'subjectNationalId',
  'outcome',
  'status',
  'errorCode',
  'durationMs',
] as const satisfies readonly (keyof ChainedEntry)[];

/**
 * Canonical serialisation: a JSON array of the fields in the fixed order above (no keys, so no key order to
 * agree on), times as ISO 8601 UTC with milliseconds, absent values as null. JSON.stringify of strings and
 * integers is deterministic.
 */
export function canonicalEntry(entry: ChainedEntry): string {
  return JSON.stringify(
    FIELDS.map((f) => {
      const v = entry[f];
      return v instanceof Date ? v.toISOString() : (v ?? null);
    }),
  );
}

export function chainHash(hash: HashFn, prevHash: string, entry: ChainedEntry): string {
  return hash(`${prevHash}\n${canonicalEntry(entry)}`);
}

/** The text an anchor's signature covers. */
export function anchorText(seq: number, headHash: string): string {
  return `congso-gateway-anchor\n${seq}\n${headHash}`;
}

export type ChainProblem =
  | { kind: 'altered'; seq: number }
  | { kind: 'deleted'; seq: number; after: number | null }
  | { kind: 'reordered'; seq: number }
  | { kind: 'anchor_mismatch'; seq: number; anchorId: string }
  | { kind: 'anchor_signature'; seq: number; anchorId: string };

export interface AnchorRow {
  id: string;
  seq: number;
  headHash: string;
}

export interface ChainReport {
  ok: boolean;
  entries: number;
  anchors: number;
  /** The first problem in chain order (the row named), or null. */
  first: ChainProblem | null;
  problems: ChainProblem[];
}

/**
 * Walks the log in `seq` order. For each row: its hash must be its own (else: altered); its previous hash must
 * be the hash of the row before it. When that link is broken: a gap in `seq` names the missing row as deleted;
 * a previous hash that is another row's hash names the row as reordered; a previous hash that is no row's
 * names the row before as altered (changed, its hash computed again). Anchors: the row an anchor names must still carry the anchored hash, and
 * the anchor's signature is checked by `anchorSigned`.
 */
export function verifyChain(
  rows: readonly LogRow[],
  anchors: readonly AnchorRow[],
  hash: HashFn,
  anchorSigned: (anchor: AnchorRow) => boolean,
): ChainReport {
  const problems: ChainProblem[] = [];
  const hashes = new Set(rows.map((r) => r.hash));
  let prev: LogRow | null = null;
  for (const row of rows) {
    const own = chainHash(hash, row.prevHash, row) === row.hash;
    if (!own) problems.push({ kind: 'altered', seq: row.seq });
    const expectedPrev = prev ? prev.hash : GENESIS_HASH;
    if (row.prevHash !== expectedPrev) {
      const expectedSeq = prev ? prev.seq + 1 : 1;
      if (row.seq > expectedSeq) problems.push({ kind: 'deleted', seq: expectedSeq, after: prev ? prev.seq : null });
      else if (own && hashes.has(row.prevHash)) problems.push({ kind: 'reordered', seq: row.seq });
      // The link points at no row: the row before was changed and its hash computed again.
      else if (own) problems.push({ kind: 'altered', seq: prev ? prev.seq : row.seq });
    }
    prev = row;
  }
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  for (const anchor of anchors) {
    const row = bySeq.get(anchor.seq);
    if (!row) {
      if (!problems.some((p) => p.seq === anchor.seq)) problems.push({ kind: 'deleted', seq: anchor.seq, after: null });
    } else if (row.hash !== anchor.headHash) {
      problems.push({ kind: 'anchor_mismatch', seq: anchor.seq, anchorId: anchor.id });
    }
    if (!anchorSigned(anchor)) problems.push({ kind: 'anchor_signature', seq: anchor.seq, anchorId: anchor.id });
  }
  problems.sort((a, b) => a.seq - b.seq);
  return {
    ok: problems.length === 0,
    entries: rows.length,
    anchors: anchors.length,
    first: problems[0] ?? null,
    problems,
  };
}

/** The problem as a sentence, vi and en. */
export function describeChainProblem(p: ChainProblem): { vi: string; en: string } {
  switch (p.kind) {
    case 'altered':
      return { vi: `Dòng ${p.seq} đã bị sửa.`, en: `Row ${p.seq} was altered.` };
    case 'deleted':
      return { vi: `Dòng ${p.seq} đã bị xóa.`, en: `Row ${p.seq} was deleted.` };
    case 'reordered':
      return { vi: `Dòng ${p.seq} đã bị đổi chỗ.`, en: `Row ${p.seq} was reordered.` };
    case 'anchor_mismatch':
      return {
        vi: `Dòng ${p.seq} không còn khớp với dấu neo đã ký.`,
        en: `Row ${p.seq} no longer matches its signed anchor.`,
      };
    case 'anchor_signature':
      return {
        vi: `Chữ ký của dấu neo tại dòng ${p.seq} không hợp lệ.`,
        en: `The anchor signature at row ${p.seq} is not valid.`,
      };
  }
}
