/**
 * `npm run bench -- sign`: PAdES signatures per second on a typical two-page PDF (RSA-2048 keys from a key
 * file, each signature with its RFC 3161 token from the in-process authority: two RSA signatures each), the
 * signer then the agency seal on the same PDF; the same run's raw RSA-2048 signing rate with node:crypto
 * (target: PAdES ≥ 25 % of it); verifications per second (a sealed PDF's two signatures, each with its token
 * and chain, revocation from the CRLs). Then where each signature's time goes, phase by phase, for the signer's
 * (over the 2-page PDF) and the seal's (over the signed one).
 */
import { createPrivateKey, sign as rsaSign } from 'node:crypto';
import { sealAppearance, sealRectOver, signerAppearance } from '../../packages/server/src/signing/pades/appearance';
import { CrlRevocationSource } from '../../packages/server/src/signing/pades/revocation';
import { type PadesTimings, signPades } from '../../packages/server/src/signing/pades/sign';
import { verifyPdf } from '../../packages/server/src/signing/pades/verify';
import type { Signer } from '../../packages/server/src/signing/signer';
import { SAMPLE_SIGNATURE_RECT, sampleDocument } from '../../packages/server/src/signing/testing/sample-document';
import { PASSPHRASE, temporaryPki } from '../../packages/server/src/signing/testing/temporary-ca';
import { TimestampAuthority } from '../../packages/server/src/signing/tsa/tsa';
import { LocalTimestampClient } from '../../packages/server/src/signing/tsa/tsa-client';

/**
 * Runs `fn` repeatedly for `ms` (after a short warm-up): operations per second, and the process's CPU time
 * (user + system, GC threads included) over the same operations.
 */
async function rate(
  ms: number,
  fn: () => Promise<unknown> | unknown,
): Promise<{ perSecond: number; n: number; ms: number; cpuMs: number }> {
  const warm = performance.now();
  while (performance.now() - warm < 50) await fn();
  let n = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < ms) {
    await fn();
    n++;
  }
  const elapsed = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { perSecond: (n * 1000) / elapsed, n, ms: elapsed, cpuMs: (used.user + used.system) / 1000 };
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
  const raw = { n: 0, ms: 0, cpuMs: 0 };
  const pairs = { n: 0, ms: 0, cpuMs: 0 };
  const add = (to: typeof raw, r: typeof raw) => {
    to.n += r.n;
    to.ms += r.ms;
    to.cpuMs += r.cpuMs;
  };
  const slices = Math.max(4, Math.round(seconds * 2));
  for (let i = 0; i < slices; i++) {
    add(raw, await rate(250, () => rsaSign('sha256', document, key)));
    add(pairs, await rate(250, signerThenSeal));
  }
  const rawPerSecond = (raw.n * 1000) / raw.ms;
  const padesPerSecond = (pairs.n * 2 * 1000) / pairs.ms;
  // The same two rates per second of this process's CPU time: what the load of the machine changes least.
  const rawPerCpuSecond = (raw.n * 1000) / raw.cpuMs;
  const padesPerCpuSecond = (pairs.n * 2 * 1000) / pairs.cpuMs;
  const options = {
    trustAnchors: [pki.root.certificate],
    revocation: new CrlRevocationSource([pki.crl, pki.rootCrl]),
    now,
  };
  const verify = await rate(seconds * 1000, () => verifyPdf(sealed, options));

  // Where each signature's time goes: the same signer-then-seal with the signers and the authority wrapped in
  // timers, each phase's milliseconds added up over `runs` pairs (PadesTimings from signPades itself).
  const runs = 300;
  const phases = () => ({
    timings: { placeholder: 0, digest: 0, cms: 0, embed: 0 } as PadesTimings,
    rsa: 0,
    timestamp: 0,
    tsaRsa: 0,
    total: 0,
  });
  const first = phases();
  const second = phases();
  let current = first;
  const timedSigner = (signer: Signer, field: 'rsa' | 'tsaRsa'): Signer => ({
    certificates: () => signer.certificates(),
    signDigest: async (digest) => {
      const t0 = performance.now();
      const signature = await signer.signDigest(digest);
      current[field] += performance.now() - t0;
      return signature;
    },
  });
  const timedAuthority = new LocalTimestampClient(
    new TimestampAuthority({ signer: timedSigner(pki.signer(pki.tsa), 'tsaRsa'), now: () => now }),
  );
  const timedTsa = {
    timestamp: async (digest: Buffer) => {
      const t0 = performance.now();
      const token = await timedAuthority.timestamp(digest);
      current.timestamp += performance.now() - t0;
      return token;
    },
  };
  const timedPerson = timedSigner(person, 'rsa');
  const timedAgency = timedSigner(agency, 'rsa');
  const personAppearance = await signerAppearance('Nguyễn Văn An', SAMPLE_SIGNATURE_RECT);
  const agencyAppearance = await sealAppearance('UBND phường Tân Ninh', sealRect);
  for (let i = 0; i < runs; i++) {
    current = first;
    let t0 = performance.now();
    const signed = await signPades(
      document,
      {
        signer: timedPerson,
        tsa: timedTsa,
        page: -1,
        rect: SAMPLE_SIGNATURE_RECT,
        appearance: personAppearance,
        reason: 'Ký ban hành',
        signingTime: now,
      },
      first.timings,
    );
    first.total += performance.now() - t0;
    current = second;
    t0 = performance.now();
    await signPades(
      signed,
      {
        signer: timedAgency,
        tsa: timedTsa,
        page: -1,
        rect: sealRect,
        appearance: agencyAppearance,
        reason: 'Đóng dấu',
        signingTime: now,
      },
      second.timings,
    );
    second.total += performance.now() - t0;
  }
  const r3 = (n: number) => Math.round(n * 1000) / 1000;
  /** Milliseconds per signature in each phase; `other` is what the phases do not account for (awaits, calls). */
  const breakdown = (p: ReturnType<typeof phases>) => {
    const per = (ms: number) => r3(ms / runs);
    const parts = {
      placeholder: per(p.timings.placeholder),
      byteRangeDigest: per(p.timings.digest),
      cmsAssembly: per(p.timings.cms - p.rsa - p.timestamp),
      signerRsa: per(p.rsa),
      timestampToken: per(p.timestamp - p.tsaRsa),
      timestampRsa: per(p.tsaRsa),
      embed: per(p.timings.embed),
    };
    const accounted = p.timings.placeholder + p.timings.digest + p.timings.cms + p.timings.embed;
    return { total: per(p.total), ...parts, other: per(p.total - accounted) };
  };
  const signerPhases = breakdown(first);
  const sealPhases = breakdown(second);

  const ratio = padesPerSecond / rawPerSecond;
  const cpuRatio = padesPerCpuSecond / rawPerCpuSecond;
  const r1 = (n: number) => Math.round(n * 10) / 10;
  console.log(`document: ${document.length} bytes, 2 pages; sealed: ${sealed.length} bytes`);
  console.log(`raw RSA-2048 signatures (node:crypto sign, SHA-256 of the PDF): ${r1(rawPerSecond)}/s`);
  console.log(
    `PAdES signatures (signer then seal, each with its timestamp token): ${r1(padesPerSecond)}/s = ${r1(ratio * 100)} % of raw (target ≥ 25 %)`,
  );
  console.log(
    `per second of this process's CPU time: raw ${r1(rawPerCpuSecond)}, PAdES ${r1(padesPerCpuSecond)} = ${r1(cpuRatio * 100)} %`,
  );
  console.log(`verifications of the sealed PDF (2 signatures, 2 tokens, chains, CRLs): ${r1(verify.perSecond)}/s`);
  const rawMsPerOp = 1000 / rawPerSecond;
  const line = (name: string, p: typeof signerPhases) =>
    `${name} ${p.total} ms: placeholder update ${p.placeholder}, ByteRange + SHA-256 ${p.byteRangeDigest}, ` +
    `CMS assembly ${p.cmsAssembly}, signer RSA ${p.signerRsa}, timestamp token (TSTInfo + CMS) ${p.timestampToken}, ` +
    `timestamp RSA ${p.timestampRsa}, /Contents hex ${p.embed}, other ${p.other}`;
  console.log(
    `per signature (ms, mean of ${runs} pairs; raw RSA-2048 ${r3(rawMsPerOp)} ms a signature in the rate run):`,
  );
  console.log(`  ${line('signer', signerPhases)}`);
  console.log(`  ${line('seal  ', sealPhases)}`);
  return {
    documentBytes: document.length,
    sealedBytes: sealed.length,
    rawRsaPerSecond: r1(rawPerSecond),
    padesSignaturesPerSecond: r1(padesPerSecond),
    ratioToRaw: r3(ratio),
    rawRsaPerCpuSecond: r1(rawPerCpuSecond),
    padesPerCpuSecond: r1(padesPerCpuSecond),
    cpuRatioToRaw: r3(cpuRatio),
    targetRatio: 0.25,
    verificationsPerSecond: r1(verify.perSecond),
    signaturesVerifiedPerSecond: r1(verify.perSecond * 2),
    msPerSignature: r3((signerPhases.total + sealPhases.total) / 2),
    breakdownMs: { signer: signerPhases, seal: sealPhases },
  };
}
