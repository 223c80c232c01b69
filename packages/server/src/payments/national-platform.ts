/**
 * The national payment platform (Nền tảng thanh toán trực tuyến of the national public service portal) as a
 * provider: create a transaction and redirect the payer to it, receive its signed callback, query it. Every
 * message is signed with HMAC-SHA256 over core's `canonicalSigningText` with the key shared with the platform
 * (PAYMENT_PLATFORM_SECRET). The field names are this repository's [verify against the platform's own
 * specification, which is not public]; `stand-in/` implements the same API for the demo and the tests.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CongsoError, canonicalSigningText } from '@congso/core';
import { z } from 'zod';

export interface PlatformSettings {
  baseUrl: string;
  merchant: string;
  secret: string;
  /** Per request (ms). */
  timeoutMs?: number;
}

type Fields = Record<string, string | number | null | undefined>;

export function signFields(fields: Fields, secret: string): string {
  return createHmac('sha256', secret).update(canonicalSigningText(fields)).digest('hex');
}

/** Whether `fields.signature` is the HMAC of the other fields (constant time). */
export function hasValidSignature(fields: Fields, secret: string): boolean {
  const given = typeof fields.signature === 'string' ? fields.signature : '';
  const expected = signFields(fields, secret);
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const platformStatuses = ['pending', 'paid', 'failed'] as const;
export type PlatformStatus = (typeof platformStatuses)[number];

/** What the platform sends to the callback address when a transaction ends. */
export const callbackBodySchema = z.strictObject({
  merchantCode: z.string().min(1).max(50),
  transactionId: z.string().min(1).max(100),
  reference: z.string().min(1).max(50),
  amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  status: z.enum(platformStatuses),
  paidAt: z.string().max(40).nullable(),
  signature: z.string().min(1).max(200),
});
export type PlatformCallback = z.infer<typeof callbackBodySchema>;

const createdSchema = z.object({
  transactionId: z.string().min(1),
  reference: z.string(),
  paymentUrl: z.url(),
  signature: z.string(),
});
const transactionSchema = z.object({
  transactionId: z.string().min(1),
  reference: z.string(),
  amount: z.number(),
  status: z.enum(platformStatuses),
  paidAt: z.string().nullable(),
  signature: z.string(),
});
export type PlatformTransaction = z.infer<typeof transactionSchema>;

async function call(settings: PlatformSettings, url: string, init: RequestInit): Promise<unknown> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000) });
    if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
    return await res.json();
  } catch (error) {
    throw new CongsoError('PAYMENT_PLATFORM_UNAVAILABLE', { details: { reason: String(error).slice(0, 300) } });
  }
}

function verified<T extends Fields>(settings: PlatformSettings, parsed: T): T {
  if (!hasValidSignature(parsed, settings.secret)) {
    throw new CongsoError('PAYMENT_PLATFORM_UNAVAILABLE', { details: { reason: 'answer not signed by the platform' } });
  }
  return parsed;
}

/** Creates the transaction; the payer is sent to `paymentUrl`. */
export async function createPlatformTransaction(
  settings: PlatformSettings,
  input: { reference: string; amount: number; description: string; returnUrl: string; callbackUrl: string },
  now: Date,
) {
  const fields = { merchantCode: settings.merchant, ...input, timestamp: now.toISOString() };
  const body = { ...fields, signature: signFields(fields, settings.secret) };
  const answer = await call(settings, `${settings.baseUrl}/api/v1/transactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const parsed = createdSchema.safeParse(answer);
  if (!parsed.success) throw new CongsoError('PAYMENT_PLATFORM_UNAVAILABLE', { details: { reason: 'bad answer' } });
  return verified(settings, parsed.data);
}

/** The platform's view of a transaction by our reference (the reconciliation's question). */
export async function queryPlatformTransaction(settings: PlatformSettings, reference: string, now: Date) {
  const fields = { merchantCode: settings.merchant, reference, timestamp: now.toISOString() };
  const query = new URLSearchParams({ ...fields, signature: signFields(fields, settings.secret) });
  const answer = await call(
    settings,
    `${settings.baseUrl}/api/v1/transactions/${encodeURIComponent(reference)}?${query}`,
    {
      method: 'GET',
    },
  );
  const parsed = transactionSchema.safeParse(answer);
  if (!parsed.success) throw new CongsoError('PAYMENT_PLATFORM_UNAVAILABLE', { details: { reason: 'bad answer' } });
  return verified(settings, parsed.data);
}
