/**
 * Interoperability of Congso's PAdES signatures with other implementations (system programs, so not in
 * `npm test`; `.ci/run` installs them): poppler's `pdfsig` (NSS, with the province root trusted in an NSS
 * database made by certutil) and OpenSSL (`openssl cms -verify` on the extracted CMS and the signed byte
 * ranges, `openssl ts -verify` on the signature's timestamp token) check the same PDF, signed by the signer
 * and then sealed by the agency; one byte changed makes all three (Congso, pdfsig, OpenSSL) report it; a
 * revoked certificate shows revoked in Congso's verifier; a SoftHSM2 token signs a PDF that verifies; the
 * appearances are rendered with pdftoppm into e2e/artifacts/ to be looked at.
 *
 * Run: npm run test:interop (needs poppler-utils, openssl, softhsm2, opensc, libnss3-tools).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sealAppearance, sealRectOver, signerAppearance } from '../../packages/server/src/signing/pades/appearance';
import { CrlRevocationSource } from '../../packages/server/src/signing/pades/revocation';
import { signPades } from '../../packages/server/src/signing/pades/sign';
import { checkSignedData, findSignatureDictionaries, verifyPdf } from '../../packages/server/src/signing/pades/verify';
import { Pkcs11Signer } from '../../packages/server/src/signing/pkcs11-signer';
import { toPem } from '../../packages/server/src/signing/signer';
import { SAMPLE_SIGNATURE_RECT, sampleDocument } from '../../packages/server/src/signing/testing/sample-document';
import { TimestampAuthority } from '../../packages/server/src/signing/tsa/tsa';
import { LocalTimestampClient } from '../../packages/server/src/signing/tsa/tsa-client';
import { artifactsDir } from '../support/browser';
import { TEST_KEY_PASSPHRASE, type TestPki, testPki } from '../support/signing';

/** The DER SignedData without the zero padding of /Contents. */
function trimmedCms(contents: Buffer): Buffer {
  const n = (contents[1] as number) & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (contents[2 + i] as number);
  return contents.subarray(0, 2 + n + len);
}

const SOFTHSM = process.env.SOFTHSM2_MODULE ?? '/usr/lib/softhsm/libsofthsm2.so';
const NOW = new Date('2026-11-23T02:00:00Z');

let pki: TestPki;
let dir: string;
let tsa: LocalTimestampClient;
let sealed: Buffer;

const run = (program: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(program, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

const congso = (pdf: Buffer) =>
  verifyPdf(pdf, {
    trustAnchors: [pki.root.certificate],
    revocation: new CrlRevocationSource([pki.crl, pki.rootCrl]),
    now: NOW,
  });

/** pdfsig's verdict per signature: [signature validation, certificate validation]. */
function pdfsig(pdf: Buffer, name: string): string[][] {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  const { out } = run('pdfsig', ['-nssdir', `sql:${join(dir, 'nss')}`, file]);
  return out
    .split(/Signature #\d+:/)
    .slice(1)
    .map((block) => [
      /Signature Validation: (.*)/.exec(block)?.[1]?.trim() ?? '',
      /Certificate Validation: (.*)/.exec(block)?.[1]?.trim() ?? '',
    ]);
}

/** openssl cms -verify of each signature over its byte ranges: the first line of its verdict. */
function opensslCms(pdf: Buffer, name: string): string[] {
  return findSignatureDictionaries(pdf.toString('latin1'))
    .sort((a, b) => (a.byteRange[2] ?? 0) - (b.byteRange[2] ?? 0))
    .map((sig, i) => {
      const [, b1, b2, b3] = sig.byteRange as [number, number, number, number];
      const content = Buffer.concat([pdf.subarray(0, b1), pdf.subarray(b2, b2 + b3)]);
      const cms = join(dir, `${name}-${i + 1}.p7s`);
      const data = join(dir, `${name}-${i + 1}.bin`);
      writeFileSync(cms, sig.contents);
      writeFileSync(data, content);
      const { out } = run('openssl', [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        cms,
        '-content',
        data,
        '-CAfile',
        join(dir, 'root.pem'),
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ]);
      return /CMS Verification (successful|failure)/.exec(out)?.[0] ?? out.trim().split('\n')[0] ?? '';
    });
}

before(async () => {
  pki = await testPki();
  dir = mkdtempSync(join(tmpdir(), 'congso-interop-'));
  mkdirSync(artifactsDir, { recursive: true });
  writeFileSync(join(dir, 'root.pem'), toPem(pki.root.certificate));
  writeFileSync(join(dir, 'issuing.pem'), toPem(pki.issuing.certificate));
  mkdirSync(join(dir, 'nss'));
  execFileSync('certutil', ['-N', '-d', `sql:${join(dir, 'nss')}`, '--empty-password']);
  execFileSync('certutil', [
    '-A',
    '-d',
    `sql:${join(dir, 'nss')}`,
    '-n',
    'Tay Ninh Test Root',
    '-t',
    'CT,C,C',
    '-i',
    join(dir, 'root.pem'),
  ]);
  tsa = new LocalTimestampClient(new TimestampAuthority({ signer: pki.signer(pki.tsa), now: () => NOW }));
  const document = await sampleDocument();
  const signed = await signPades(document, {
    signer: pki.signer(pki.person),
    tsa,
    page: -1,
    rect: SAMPLE_SIGNATURE_RECT,
    appearance: await signerAppearance('Nguyễn Văn An', SAMPLE_SIGNATURE_RECT),
    reason: 'Ký ban hành',
    signingTime: NOW,
  });
  const sealRect = sealRectOver(SAMPLE_SIGNATURE_RECT);
  sealed = await signPades(signed, {
    signer: pki.signer(pki.agency),
    tsa,
    page: -1,
    rect: sealRect,
    appearance: await sealAppearance('UBND phường Tân Ninh', sealRect),
    reason: 'Đóng dấu',
    signingTime: NOW,
  });
  writeFileSync(join(artifactsDir, 'signed-result.pdf'), sealed);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('signer + seal: Congso, pdfsig and OpenSSL agree', () => {
  test('Congso: both valid', async () => {
    assert.deepEqual(
      (await congso(sealed)).map((r) => [r.status, r.problems]),
      [
        ['valid', []],
        ['valid', []],
      ],
    );
  });

  test('pdfsig (NSS, the test root trusted): both valid and trusted', () => {
    assert.deepEqual(pdfsig(sealed, 'sealed.pdf'), [
      ['Signature is Valid.', 'Certificate is Trusted.'],
      ['Signature is Valid.', 'Certificate is Trusted.'],
    ]);
  });

  test('openssl cms -verify over the byte ranges: both successful', () => {
    assert.deepEqual(opensslCms(sealed, 'sealed'), ['CMS Verification successful', 'CMS Verification successful']);
  });

  test('the CMS as OpenSSL prints it: signing-certificate-v2 and a timestamp token, no signing-time; openssl ts -verify accepts the token', () => {
    const [sig] = findSignatureDictionaries(sealed.toString('latin1'));
    assert.ok(sig);
    const cmsFile = join(dir, 'first.p7s');
    writeFileSync(cmsFile, sig.contents);
    const printed = run('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', cmsFile]).out;
    assert.match(printed, /object: id-smime-aa-timeStampToken \(1\.2\.840\.113549\.1\.9\.16\.2\.14\)/);
    assert.match(printed, /object: id-smime-aa-signingCertificateV2 \(1\.2\.840\.113549\.1\.9\.16\.2\.47\)/);
    assert.doesNotMatch(printed, /signingTime/);
    // The token, taken out of the CMS, verified by openssl ts against the digest of the signature value.
    const check = checkSignedData(trimmedCms(sig.contents), { digestOf: () => Buffer.alloc(32) });
    const signerInfo = check.signerInfo;
    assert.ok(signerInfo);
    const token = signerInfo.unsignedAttrs?.attributes[0]?.values[0];
    assert.ok(token);
    const tokenFile = join(dir, 'token.tsr');
    writeFileSync(tokenFile, Buffer.from(token.toBER(false)));
    const digest = createHash('sha256').update(Buffer.from(signerInfo.signature.valueBlock.valueHexView)).digest('hex');
    const verified = run('openssl', [
      'ts',
      '-verify',
      '-digest',
      digest,
      '-in',
      tokenFile,
      '-token_in',
      '-CAfile',
      join(dir, 'root.pem'),
      '-untrusted',
      join(dir, 'issuing.pem'),
    ]);
    assert.match(verified.out, /Verification: OK/);
  });

  test('one byte changed in the signed part: all three report it', async () => {
    const changed = Buffer.from(sealed);
    changed[2000] = (changed[2000] as number) ^ 0x01;
    assert.deepEqual(
      (await congso(changed)).map((r) => r.status),
      ['modified', 'modified'],
    );
    assert.deepEqual(
      pdfsig(changed, 'changed.pdf').map(([signature]) => signature),
      ['Digest Mismatch.', 'Digest Mismatch.'],
    );
    assert.deepEqual(opensslCms(changed, 'changed'), ['CMS Verification failure', 'CMS Verification failure']);
  });

  test('the appearances, rendered by poppler, are written for a person to look at', () => {
    const out = join(artifactsDir, 'signed-result');
    execFileSync('pdftoppm', ['-png', '-r', '100', '-f', '2', '-l', '2', `${out}.pdf`, out]);
    // A PNG (its 8-byte signature), for a person to look at in e2e/artifacts.
    assert.deepEqual(
      [...readFileSync(`${out}-2.png`).subarray(0, 8)],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    );
  });
});

describe('revocation and tokens', () => {
  test('a revoked certificate: Congso says revoked (pdfsig, without the CRL, still says valid)', async () => {
    const pdf = await signPades(await sampleDocument(), {
      signer: pki.signer(pki.revokedPerson),
      tsa,
      page: -1,
      rect: SAMPLE_SIGNATURE_RECT,
      reason: 'Thử',
      signingTime: NOW,
    });
    const [report] = await congso(pdf);
    assert.deepEqual([report?.status, report?.revocation?.status], ['revoked', 'revoked']);
  });

  test('a SoftHSM2 token signs a PDF that Congso, pdfsig and OpenSSL verify', async () => {
    const tokens = join(dir, 'tokens');
    mkdirSync(tokens);
    const conf = join(dir, 'softhsm2.conf');
    writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    const env = { SOFTHSM2_CONF: conf };
    const ok = (r: { code: number | null; out: string }) => assert.equal(r.code, 0, r.out);
    ok(
      run(
        'softhsm2-util',
        ['--init-token', '--free', '--label', 'congso-test', '--pin', '123456', '--so-pin', '12345678'],
        env,
      ),
    );
    // The person's key and certificate go onto the token (a CA's USB token arrives the same way, loaded).
    const keyFile = join(dir, 'an.key.pem');
    const { createPrivateKey } = await import('node:crypto');
    writeFileSync(
      keyFile,
      createPrivateKey({ key: pki.person.keyPem, passphrase: TEST_KEY_PASSPHRASE }).export({
        type: 'pkcs8',
        format: 'pem',
      }),
    );
    ok(
      run(
        'softhsm2-util',
        ['--import', keyFile, '--token', 'congso-test', '--label', 'an', '--id', 'a1', '--pin', '123456'],
        env,
      ),
    );
    const certFile = join(dir, 'an.cer');
    writeFileSync(certFile, pki.person.certificate);
    ok(
      run(
        'pkcs11-tool',
        [
          '--module',
          SOFTHSM,
          '--token-label',
          'congso-test',
          '--login',
          '--pin',
          '123456',
          '--write-object',
          certFile,
          '--type',
          'cert',
          '--id',
          'a1',
          '--label',
          'an',
        ],
        env,
      ),
    );
    rmSync(keyFile);

    process.env.SOFTHSM2_CONF = conf;
    const token = new Pkcs11Signer({
      library: SOFTHSM,
      tokenLabel: 'congso-test',
      pin: '123456',
      keyId: 'a1',
      issuers: [pki.issuing.certificate],
    });
    try {
      assert.deepEqual((await token.certificates())[0], pki.person.certificate);
      const pdf = await signPades(await sampleDocument(), {
        signer: token,
        tsa,
        page: -1,
        rect: SAMPLE_SIGNATURE_RECT,
        appearance: await signerAppearance('Nguyễn Văn An', SAMPLE_SIGNATURE_RECT),
        reason: 'Ký bằng token',
        signingTime: NOW,
      });
      assert.deepEqual(
        (await congso(pdf)).map((r) => [r.status, r.signer?.name]),
        [['valid', 'Nguyễn Văn An']],
      );
      assert.deepEqual(pdfsig(pdf, 'token.pdf'), [['Signature is Valid.', 'Certificate is Trusted.']]);
      assert.deepEqual(opensslCms(pdf, 'token'), ['CMS Verification successful']);
      assert.equal(createHash('sha256').update(pdf).digest().length, 32);
    } finally {
      token.close();
    }
  });
});
