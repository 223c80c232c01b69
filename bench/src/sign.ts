/**
 * `npm run bench -- sign`: PAdES signatures per second on a typical two-page PDF (RSA-2048 keys from a key
 * file, each signature with its RFC 3161 token from the in-process authority: two RSA signatures each), the
 * signer then the agency seal on the same PDF; the same run's raw RSA-2048 signing rate with node:crypto
 * (target: PAdES ≥ 25 % of it); verifications per second (a sealed PDF's two signatures, each with its token
 * and chain, revocation from the CRLs). Then where one signature's time goes.
 */
import { createPrivateKey, sign as rsaSign } from 'node:crypto';
import { sealAppearance, sealRectOver, signerAppearance } from '../../packages/server/src/signing/pades/appearance';
import { buildSignedData } from '../../packages/server/src/signing/pades/cms';
import { addSignaturePlaceholder } from '../../packages/server/src/signing/pades/placeholder';
import { CrlRevocationSource } from '../../packages/server/src/signing/pades/revocation';
import { CONTENTS_LENGTH, signPades } from '../../packages/server/src/signing/pades/sign';
import { verifyPdf } from '../../packages/server/src/signing/pades/verify';
import { sha256 } from '../../packages/server/src/signing/signer';
import { SAMPLE_SIGNATURE_RECT, sampleDocument } from '../../packages/server/src/signing/testing/sample-document';
import { PASSPHRASE, temporaryPki } from '../../packages/server/src/signing/testing/temporary-ca';
import { TimestampAuthority } from '../../packages/server/src/signing/tsa/tsa';
import { LocalTimestampClient } from '../../packages/server/src/signing/tsa/tsa-client';

/** Runs `fn` repeatedly for `ms` (after a short warm-up) and returns operations per second. */
async function rate(ms: number, fn: () => Promise<unknown> | unknown): Promise<{ perSecond: number; n: number }> {
  const warm = performance.now();
  while (performance.now() - warm < 50) await fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    await fn();
    n++;
  }
  return { perSecond: (n * 1000) / (performance.now() - start), n };
}

async function meanMs(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  return (performance.now() - start) / runs;
}

export async function sign() {
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const pki = await temporaryPki();
  const now = new Date('2026-11-23T02:00:00Z');
  const tsa = new LocalTimestampClient(new TimestampAuthority({ signer: pki.signer(pki.tsa), now: () => now }));
  const person = pki.signer(pki.person);
  const agency = pki.signer(pki.agency);
  const document = await sampleDocument();
  const sealRect = sealRectOver(SAMPLE_SIGNATURE_RECT);

  const signerThenSeal = async () => {
    const signed = await signPades(document, {
      signer: person,
      tsa,
      page: -1,
      rect: SAMPLE_SIGNATURE_RECT,
      appearance: await signerAppearance('Nguyễn Văn An', SAMPLE_SIGNATURE_RECT),
      reason: 'Ký ban hành',
      signingTime: now,
    });
    return signPades(signed, {
      signer: agency,
      tsa,
      page: -1,
      rect: sealRect,
      appearance: await sealAppearance('UBND phường Tân Ninh', sealRect),
      reason: 'Đóng dấu',
      signingTime: now,
    });
  };
  const sealed = await signerThenSeal();

  // Raw RSA-2048 over the same kind of input a signature signs (the 2-page PDF), PKCS#1 v1.5 with SHA-256.
  const key = createPrivateKey({ key: pki.person.keyPem, passphrase: PASSPHRASE });
  // Interleaved in short slices, so both see the same load (the machine is shared).
  let rawOps = 0;
  let rawMs = 0;
  let padesOps = 0;
  let padesMs = 0;
  const slices = Math.max(4, Math.round(seconds * 2));
  for (let i = 0; i < slices; i++) {
    const r = await rate(250, () => rsaSign('sha256', document, key));
    rawOps += r.n;
    rawMs += (r.n * 1000) / r.perSecond;
    const p = await rate(250, signerThenSeal);
    padesOps += p.n;
    padesMs += (p.n * 1000) / p.perSecond;
  }
  const raw = { perSecond: (rawOps * 1000) / rawMs };
  const pades = { perSecond: (padesOps * 1000) / padesMs };
  const padesPerSecond = pades.perSecond * 2;
  const options = {
    trustAnchors: [pki.root.certificate],
    revocation: new CrlRevocationSource([pki.crl, pki.rootCrl]),
    now,
  };
  const verify = await rate(seconds * 1000, () => verifyPdf(sealed, options));

  // Where one signature's time goes (means over 200 runs).
  const runs = 200;
  const tPlaceholder = await meanMs(runs, () =>
    addSignaturePlaceholder(document, {
      page: -1,
      rect: SAMPLE_SIGNATURE_RECT,
      reason: 'x',
      signingTime: now,
      contentsLength: CONTENTS_LENGTH,
    }),
  );
  const appearance = await signerAppearance('Nguyễn Văn An', SAMPLE_SIGNATURE_RECT);
  const tPlaceholderWithAppearance = await meanMs(runs, () =>
    addSignaturePlaceholder(document, {
      page: -1,
      rect: SAMPLE_SIGNATURE_RECT,
      appearance,
      reason: 'x',
      signingTime: now,
      contentsLength: CONTENTS_LENGTH,
    }),
  );
  const tRsa = await meanMs(runs, () => person.signDigest(sha256(document)));
  const tCmsNoTsa = await meanMs(runs, () => buildSignedData({ signer: person, contentDigest: sha256(document) }));
  const tToken = await meanMs(runs, () => tsa.timestamp(sha256(document)));
  const tHash = await meanMs(runs, () => sha256(sealed));
  const tOne = await meanMs(runs, () =>
    signPades(document, {
      signer: person,
      tsa,
      page: -1,
      rect: SAMPLE_SIGNATURE_RECT,
      appearance,
      reason: 'x',
      signingTime: now,
    }),
  );

  const ratio = padesPerSecond / raw.perSecond;
  const r1 = (n: number) => Math.round(n * 10) / 10;
  const r3 = (n: number) => Math.round(n * 1000) / 1000;
  console.log(`document: ${document.length} bytes, 2 pages; sealed: ${sealed.length} bytes`);
  console.log(`raw RSA-2048 signatures (node:crypto sign, SHA-256 of the PDF): ${r1(raw.perSecond)}/s`);
  console.log(
    `PAdES signatures (signer then seal, each with its timestamp token): ${r1(padesPerSecond)}/s = ${r1(ratio * 100)} % of raw (target ≥ 25 %)`,
  );
  console.log(`verifications of the sealed PDF (2 signatures, 2 tokens, chains, CRLs): ${r1(verify.perSecond)}/s`);
  console.log(
    `one signature, ${r3(tOne)} ms: placeholder ${r3(tPlaceholder)} ms (+ appearance copy ${r3(tPlaceholderWithAppearance - tPlaceholder)} ms), ` +
      `RSA ${r3(tRsa)} ms, CMS without token ${r3(tCmsNoTsa)} ms, timestamp token ${r3(tToken)} ms, SHA-256 of the PDF ${r3(tHash)} ms`,
  );
  return {
    documentBytes: document.length,
    rawRsaPerSecond: r1(raw.perSecond),
    padesSignaturesPerSecond: r1(padesPerSecond),
    ratioToRaw: r3(ratio),
    targetRatio: 0.25,
    verificationsPerSecond: r1(verify.perSecond),
    signaturesVerifiedPerSecond: r1(verify.perSecond * 2),
    msPerSignature: r3(tOne),
    breakdownMs: {
      placeholder: r3(tPlaceholder),
      appearanceCopy: r3(tPlaceholderWithAppearance - tPlaceholder),
      rsa: r3(tRsa),
      cmsWithoutToken: r3(tCmsNoTsa),
      timestampToken: r3(tToken),
      sha256OfPdf: r3(tHash),
    },
  };
}
