/**
 * One PAdES signature (ETSI EN 319 142-1 baseline B-T): the placeholder update (placeholder.ts), which says
 * where its ByteRange and /Contents sit; the ByteRange written there; the SHA-256 of the two ranges; our CMS
 * (cms.ts: detached SignedData, signing-certificate-v2, the signature's timestamp token from a timestamp
 * authority) written as hex into /Contents, in place. The prepared file is the only copy of the PDF made.
 */
import { createHash } from 'node:crypto';
import { type Signer, sha256 } from '../signer';
import type { TimestampClient } from '../tsa/tsa-client';
import { buildSignedData, timestampAttribute } from './cms';
import { PdfReadError } from './pdf-objects';
import {
  type AppearanceWriter,
  addSignaturePlaceholder,
  type PageOverlay,
  type PlaceholderResult,
  type Rect,
} from './placeholder';

/** Room for the CMS: two chains of three certificates, two RSA-4096 signatures and the token's TSTInfo. */
export const CONTENTS_LENGTH = 16_384;

export interface PadesInput {
  signer: Signer;
  /** Without it the signature is B-B (no trusted time). */
  tsa?: TimestampClient;
  page: number;
  rect: Rect;
  appearance?: AppearanceWriter;
  reason: string;
  name?: string;
  location?: string;
  /** The claimed time in the signature dictionary (/M); the trusted time is the token's. */
  signingTime: Date;
  /** Drawn on pages in the same update, so that the signature covers them (the number and date). */
  overlays?: PageOverlay[];
}

/**
 * Milliseconds spent in each step of signatures, added up (the benchmark's breakdown): the placeholder update
 * (parse, appearance copy, serialise), the ByteRange and the digest of its two ranges, the CMS (with the
 * signer's RSA operation and the timestamp request), the hex written into /Contents.
 */
export interface PadesTimings {
  placeholder: number;
  digest: number;
  cms: number;
  embed: number;
}

/** Writes the ByteRange into its placeholder and returns the SHA-256 of the two ranges it names. */
export function byteRangeDigest(prepared: PlaceholderResult): Buffer {
  const { pdf, byteRange, contents } = prepared;
  const after = contents.end + 1;
  const text = `[0 ${contents.start} ${after} ${pdf.length - after}]`;
  const room = byteRange.end + 1 - byteRange.start;
  if (text.length > room) throw new PdfReadError('the ByteRange does not fit its placeholder');
  pdf.write(text.padEnd(room, ' '), byteRange.start, 'latin1');
  return createHash('sha256').update(pdf.subarray(0, contents.start)).update(pdf.subarray(after)).digest();
}

/** Writes the CMS as hex into /Contents (the zeros after it stay: DER ignores what follows its end). */
export function embedSignature(prepared: PlaceholderResult, cms: Buffer): Buffer {
  const room = (prepared.contents.end - prepared.contents.start - 1) / 2;
  if (cms.length > room) throw new Error(`the signature (${cms.length} bytes) exceeds its room (${room} bytes)`);
  prepared.pdf.write(cms.toString('hex'), prepared.contents.start + 1, 'latin1');
  return prepared.pdf;
}

export async function signPades(pdf: Buffer, input: PadesInput, timings?: PadesTimings): Promise<Buffer> {
  let at = timings ? performance.now() : 0;
  const lap = (phase: keyof PadesTimings) => {
    if (!timings) return;
    const now = performance.now();
    timings[phase] += now - at;
    at = now;
  };
  const prepared = addSignaturePlaceholder(pdf, {
    page: input.page,
    rect: input.rect,
    ...(input.appearance ? { appearance: input.appearance } : {}),
    reason: input.reason,
    ...(input.name ? { name: input.name } : {}),
    ...(input.location ? { location: input.location } : {}),
    signingTime: input.signingTime,
    contentsLength: CONTENTS_LENGTH,
    ...(input.overlays ? { overlays: input.overlays } : {}),
  });
  lap('placeholder');
  const digest = byteRangeDigest(prepared);
  lap('digest');
  const tsa = input.tsa;
  const cms = await buildSignedData({
    signer: input.signer,
    contentDigest: digest,
    ...(tsa
      ? {
          unsignedAttributes: async (signature: Buffer) => [timestampAttribute(await tsa.timestamp(sha256(signature)))],
        }
      : {}),
  });
  lap('cms');
  const signed = embedSignature(prepared, cms);
  lap('embed');
  return signed;
}
