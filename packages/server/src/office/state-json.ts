/**
 * Core's office states as the database keeps them (JSONB: instants as ISO text) and back.
 */
import type { IncomingState, OutgoingState } from '@congso/core';

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(String(v)));

export function incomingStateOf(json: unknown): IncomingState {
  const s = json as IncomingState;
  return {
    ...s,
    arrivedAt: date(s.arrivedAt) as Date,
    registeredAt: date(s.registeredAt) as Date,
    dueAt: date(s.dueAt),
    doneAt: date(s.doneAt),
    routing: s.routing.map((r) => ({ ...r, at: date(r.at) as Date, dueAt: date(r.dueAt) })),
    opinions: s.opinions.map((o) => ({ ...o, at: date(o.at) as Date })),
  };
}

export function outgoingStateOf(json: unknown): OutgoingState {
  const s = json as OutgoingState;
  return {
    ...s,
    createdAt: date(s.createdAt) as Date,
    signedAt: date(s.signedAt),
    sentAt: date(s.sentAt),
    reviews: s.reviews.map((r) => ({ ...r, at: date(r.at) as Date })),
    issue: s.issue ? { ...s.issue, issuedAt: date(s.issue.issuedAt) as Date } : null,
  };
}
