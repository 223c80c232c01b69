/**
 * The signing service the documents office and the one-stop results call: one PAdES signature on a PDF, as
 * the signer (the competent person: signature image between title and name), as the agency (the seal over the
 * left third of the person's signature, found in the PDF) or on an attachment (the agency's signature without
 * image, top right of the first page, with number, notation and signing time). Each call is an incremental
 * update: earlier signatures stay valid. Contract for callers: /work/wt/notes/pades.md.
 */
import { X509Certificate } from 'node:crypto';
import { CongsoError } from '@congso/core';
import type { AppContext } from '../platform/context';
import { type KeyHolder, type SigningEnvironment, signingEnvironment, timestampClientOf } from './environment';
import {
  attachmentAppearance,
  attachmentRect,
  sealAppearance,
  sealRectOver,
  signerAppearance,
} from './pades/appearance';
import { PdfFile, PdfReadError, rawOf } from './pades/pdf-objects';
import type { PageOverlay, Rect } from './pades/placeholder';
import { signPades } from './pades/sign';
import { RemoteSigningError } from './remote/csc-signer';
import type { Signer } from './signer';
import { TimestampError } from './tsa/tsa-client';

export type SignAs = 'signer' | 'agency' | 'attachment';

export interface SignPdfInput {
  pdf: Buffer;
  as: SignAs;
  /** As 'signer': whose personal certificate signs. */
  personId?: string;
  /** As 'agency' | 'attachment': whose organisation certificate signs. */
  agencyId?: string;
  reason: string;
  location?: string;
  appearance?: {
    /** 0-based page, negative from the end. Defaults: signer −1, agency the signer's page, attachment 0. */
    page?: number;
    /** [x1, y1, x2, y2] in PDF points from the bottom-left corner. */
    rect?: Rect;
    /** As 'attachment': the number and notation printed in the box ("123/QĐ-UBND"). */
    notation?: string;
  };
  /** Sign with this signer instead of the holder's key (a PKCS#11 token, the remote-signing service). */
  signer?: Signer;
  /** Drawn in the same incremental update as the signature (the number and date, `office/issue-stamp.ts`). */
  overlays?: PageOverlay[];
  /**
   * The environment already read: with `signer`, signing reads nothing from the database (what a caller inside
   * a transaction needs).
   */
  environment?: SigningEnvironment;
}

function subjectField(cert: X509Certificate, key: string): string | null {
  for (const line of cert.subject.split('\n')) {
    const at = line.indexOf('=');
    if (line.slice(0, at) === key) return line.slice(at + 1);
  }
  return null;
}

/** The last signature widget of a PDF: its page index and rectangle (where the agency's seal goes). */
export function lastSignatureWidget(pdf: Buffer): { page: number; rect: Rect } | null {
  const file = new PdfFile(pdf);
  const pages = file.pages();
  let found: { page: number; rect: Rect } | null = null;
  for (const [index, page] of pages.entries()) {
    const annots = file.resolve(page.dict.get('Annots'));
    if (!Array.isArray(annots)) continue;
    for (const a of annots) {
      const dict = file.dict(a);
      if (rawOf(dict.get('FT')) !== '/Sig' || !dict.get('V')) continue;
      const rect = file.resolve(dict.get('Rect'));
      if (!Array.isArray(rect) || rect.length !== 4) continue;
      const r = rect.map((v) => file.number(v)) as Rect;
      if (r[2] - r[0] > 1 && r[3] - r[1] > 1) found = { page: index, rect: r };
    }
  }
  return found;
}

const DEFAULT_SIGNER_RECT: Rect = [340, 110, 520, 180];

export async function signPdf(ctx: AppContext, input: SignPdfInput): Promise<Buffer> {
  const env = input.environment ?? (await signingEnvironment(ctx));
  const holder: KeyHolder | null =
    input.as === 'signer'
      ? input.personId
        ? { personId: input.personId }
        : null
      : input.agencyId
        ? { agencyId: input.agencyId }
        : null;
  const signer = input.signer ?? (holder ? await env.signerFor(holder) : null);
  if (!signer) throw new CongsoError('SIGNING_CERTIFICATE_MISSING', { details: { as: input.as } });
  const [certDer] = await signer.certificates();
  if (!certDer) throw new CongsoError('SIGNING_CERTIFICATE_MISSING', { details: { as: input.as } });
  const cert = new X509Certificate(certDer);
  const commonName = subjectField(cert, 'CN') ?? '';
  const organization = subjectField(cert, 'O') ?? commonName;
  const now = ctx.now();

  try {
    let page = input.appearance?.page;
    let rect = input.appearance?.rect;
    let appearance: Awaited<ReturnType<typeof signerAppearance>>;
    if (input.as === 'signer') {
      page ??= -1;
      rect ??= DEFAULT_SIGNER_RECT;
      appearance = await signerAppearance(commonName, rect);
    } else if (input.as === 'agency') {
      if (!rect) {
        const last = lastSignatureWidget(input.pdf);
        if (last) {
          page ??= last.page;
          rect = sealRectOver(last.rect);
        } else rect = sealRectOver(DEFAULT_SIGNER_RECT);
      }
      page ??= -1;
      appearance = await sealAppearance(commonName, rect, subjectField(cert, 'ST')?.toLocaleUpperCase('vi'));
      rect = [rect[0], rect[1], rect[0] + appearance.width, rect[1] + appearance.height];
    } else {
      const notation = input.appearance?.notation;
      if (!notation) {
        throw new CongsoError('VALIDATION_FAILED', {
          details: [
            {
              path: 'appearance.notation',
              code: 'required',
              message: { vi: 'Cần số, ký hiệu văn bản.', en: 'The number and notation are required.' },
            },
          ],
        });
      }
      page ??= 0;
      if (!rect) {
        const file = new PdfFile(input.pdf);
        const target = file.pages()[page < 0 ? file.pages().length + page : page];
        const box = file.resolve(target?.dict.get('MediaBox'));
        const media = (Array.isArray(box) ? box.map((v) => file.number(v)) : [0, 0, 595.28, 841.89]) as Rect;
        rect = attachmentRect(media);
      }
      appearance = await attachmentAppearance({ agencyName: organization, notation, signedAt: now }, rect);
    }
    return await signPades(input.pdf, {
      signer,
      ...(() => {
        const tsa = timestampClientOf(ctx, env);
        return tsa ? { tsa } : {};
      })(),
      page,
      rect,
      appearance,
      reason: input.reason,
      name: commonName,
      ...(input.location ? { location: input.location } : {}),
      signingTime: now,
      ...(input.overlays ? { overlays: input.overlays } : {}),
    });
  } catch (error) {
    if (error instanceof PdfReadError) {
      throw new CongsoError('PDF_UNREADABLE', { details: { reason: error.message.slice(0, 200) } });
    }
    if (error instanceof RemoteSigningError) {
      if (error.reason === 'service')
        throw new CongsoError('SERVICE_UNAVAILABLE', { details: { reason: error.message } });
      throw new CongsoError('REMOTE_SIGNING_NOT_APPROVED', { details: { reason: error.reason } });
    }
    if (error instanceof TimestampError || (error as Error).name === 'TimeoutError') {
      throw new CongsoError('TIMESTAMP_UNAVAILABLE', { details: { reason: (error as Error).message.slice(0, 200) } });
    }
    throw error;
  }
}
