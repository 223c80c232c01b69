import { z } from 'zod';
import type { LocalizedText } from '../shared/errors';

/**
 * Events agency systems may subscribe to (webhooks), as CloudEvents 1.0 types (reverse-DNS, versioned by name).
 * A subscription names the types it wants; nothing else is ever sent to it.
 */
export const webhookEventTypes = [
  'vn.congso.dossier.created',
  'vn.congso.dossier.status_changed',
  'vn.congso.office.document.received',
  'vn.congso.office.document.issued',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export const webhookEventLabels: Record<WebhookEventType, LocalizedText> = {
  'vn.congso.dossier.created': { vi: 'Hồ sơ mới được nộp hoặc tiếp nhận', en: 'A dossier is filed or received' },
  'vn.congso.dossier.status_changed': { vi: 'Hồ sơ đổi trạng thái', en: 'A dossier changes status' },
  'vn.congso.office.document.received': { vi: 'Văn bản đến được vào sổ', en: 'An incoming document is registered' },
  'vn.congso.office.document.issued': { vi: 'Văn bản đi được ban hành', en: 'An outgoing document is issued' },
};

/** A CloudEvent 1.0 in the structured JSON format. */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: WebhookEventType;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
}

export function cloudEvent(input: {
  id: string;
  source: string;
  type: WebhookEventType;
  subject?: string;
  time: Date;
  data: Record<string, unknown>;
}): CloudEvent {
  return {
    specversion: '1.0',
    id: input.id,
    source: input.source,
    type: input.type,
    ...(input.subject ? { subject: input.subject } : {}),
    time: input.time.toISOString(),
    datacontenttype: 'application/json',
    data: input.data,
  };
}

/** What the Standard Webhooks signature covers: `msg_id.timestamp.body`. */
export const webhookSignedContent = (id: string, timestampSeconds: number, body: string) =>
  `${id}.${timestampSeconds}.${body}`;

/** The administrator's form: a name, an https (or, outside production, http) address, the types wanted. */
export const webhookSubscriptionBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  url: z.url({ protocol: /^https?$/, error: 'http:// or https:// URL' }).max(1000),
  eventTypes: z.array(z.enum(webhookEventTypes)).min(1).max(webhookEventTypes.length),
});
export type WebhookSubscriptionBody = z.infer<typeof webhookSubscriptionBodySchema>;
