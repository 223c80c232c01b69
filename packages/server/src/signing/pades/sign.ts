/**
 * One PAdES signature (ETSI EN 319 142-1 baseline B-T): the placeholder update (placeholder.ts), then
 * @signpdf/signpdf fills the ByteRange and puts our CMS (cms.ts) in /Contents: detached SignedData over the
 * two byte ranges, signing-certificate-v2, and the signature's timestamp token from a timestamp authority.
 */
import { SignPdf } from '@signpdf/signpdf';
import { Signer as SignPdfSigner } from '@signpdf/utils';
import { type Signer, sha256 } from '../signer';
import type { TimestampClient } from '../tsa/tsa-client';
import { buildSignedData, timestampAttribute } from './cms';
import { type AppearanceWriter, addSignaturePlaceholder, type PageOverlay, type Rect } from './placeholder';

/** Room for the CMS: two chains of three certificates, two RSA-4096 signatures and the token's TSTInfo. */
export const CONTENTS_LENGTH = 16_384;

class CadesSigner extends SignPdfSigner {
  constructor(
    private readonly signer: Signer,
    private readonly tsa: TimestampClient | undefined,
  ) {
    super();
  }

  override async sign(content: Buffer): Promise<Buffer> {
    const tsa = this.tsa;
    return buildSignedData({
      signer: this.signer,
      contentDigest: sha256(content),
      ...(tsa
        ? {
            unsignedAttributes: async (signature: Buffer) => [
              timestampAttribute(await tsa.timestamp(sha256(signature))),
            ],
          }
        : {}),
    });
  }
}

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

const signPdf = new SignPdf();

export async function signPades(pdf: Buffer, input: PadesInput): Promise<Buffer> {
  const { pdf: prepared } = addSignaturePlaceholder(pdf, {
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
  return signPdf.sign(prepared, new CadesSigner(input.signer, input.tsa));
}
