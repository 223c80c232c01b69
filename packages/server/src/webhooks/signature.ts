import { createHmac, randomBytes } from 'node:crypto';
import { webhookSignedContent } from '@congso/core';

/** A new signing secret as Standard Webhooks writes it: `whsec_` + base64 of 24 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** `v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the secret's key (the base64 after `whsec_`). */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  const mac = createHmac('sha256', key)
    .update(webhookSignedContent(id, timestampSeconds, body))
    .digest('base64');
  return `v1,${mac}`;
}
