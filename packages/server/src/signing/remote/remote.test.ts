import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { signPades } from '../pades/sign';
import { verifyPdf } from '../pades/verify';
import { SAMPLE_SIGNATURE_RECT, sampleDocument } from '../testing/sample-document';
import { type TemporaryPki, temporaryPki } from '../testing/temporary-ca';
import { CscSigner, RemoteSigningError } from './csc-signer';
import { createCscStandIn } from './csc-stand-in';

const CLIENT = 'congso-client-token';
const PHONE = 'thiet-bi-cua-ong-an';
let pki: TemporaryPki;
let service: FastifyInstance;
let base: string;

before(async () => {
  pki = await temporaryPki();
  service = createCscStandIn({
    clientToken: CLIENT,
    credentials: [
      { userID: '072090001234', credentialID: 'an-2026', signer: pki.signer(pki.person), deviceToken: PHONE },
    ],
  });
  base = await service.listen({ port: 0, host: '127.0.0.1' });
});
after(() => service.close());

/** The holder's phone: waits for the request to show up, checks what it says, then approves or declines. */
async function phone(decision: 'approve' | 'decline', expectDescription: string) {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${base}/phone/requests`, { headers: { authorization: `Bearer ${PHONE}` } });
    const { requests } = (await res.json()) as { requests: { transactionID: string; description: string }[] };
    const [request] = requests;
    if (request) {
      assert.equal(request.description, expectDescription);
      const done = await fetch(`${base}/phone/requests/${request.transactionID}/${decision}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${PHONE}` },
      });
      assert.equal(done.status, 200);
      return;
    }
    await sleep(20);
  }
  throw new Error('no request reached the phone');
}

const signer = (description: string) =>
  new CscSigner({
    baseUrl: `${base}/csc/v2`,
    accessToken: CLIENT,
    credentialID: 'an-2026',
    description,
    pollIntervalMs: 20,
  });

describe('remote signing (Cloud Signature Consortium API, approval on the phone)', () => {
  test('the holder’s credentials are listed; the certificate chain comes from credentials/info', async () => {
    assert.deepEqual(await CscSigner.credentials(`${base}/csc/v2`, CLIENT, '072090001234'), ['an-2026']);
    assert.deepEqual(await CscSigner.credentials(`${base}/csc/v2`, CLIENT, '000000000000'), []);
    const chain = await signer('x').certificates();
    assert.deepEqual(chain, [pki.person.certificate, pki.issuing.certificate]);
  });

  test('a PDF signed after the holder approves on the phone verifies', async () => {
    const [pdf] = await Promise.all([
      signPades(await sampleDocument(), {
        signer: signer('Ký Quyết định số 123/QĐ-UBND'),
        page: -1,
        rect: SAMPLE_SIGNATURE_RECT,
        reason: 'Ký ban hành',
        signingTime: new Date('2026-11-23T02:00:00Z'),
      }),
      phone('approve', 'Ký Quyết định số 123/QĐ-UBND'),
    ]);
    const [report] = await verifyPdf(pdf, {
      trustAnchors: [pki.root.certificate],
      now: new Date('2026-11-23T03:00:00Z'),
    });
    assert.deepEqual(
      [report?.status, report?.signer?.name, report?.problems],
      ['valid', 'Nguyễn Văn An', ['NO_TIMESTAMP']],
    );
  });

  test('declined on the phone: the signer learns it was declined', async () => {
    await assert.rejects(
      Promise.all([
        signer('Ký công văn số 45/UBND-VP').signDigest(Buffer.alloc(32, 3)),
        phone('decline', 'Ký công văn số 45/UBND-VP'),
      ]),
      (error: unknown) => error instanceof RemoteSigningError && error.reason === 'declined',
    );
  });

  test('a wrong client token, a SAD used twice or for another hash: refused', async () => {
    const post = (method: string, body: object, token = CLIENT) =>
      fetch(`${base}/csc/v2/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    assert.equal((await post('credentials/list', { userID: '072090001234' }, 'wrong')).status, 401);
    const hash = Buffer.alloc(32, 5).toString('base64');
    const authorize = await post('credentials/authorize', {
      credentialID: 'an-2026',
      numSignatures: 1,
      hashes: [hash],
      hashAlgorithmOID: '2.16.840.1.101.3.4.2.1',
      description: 'Ký thử',
    });
    const { transactionID } = (await authorize.json()) as { transactionID: string };
    assert.deepEqual(await (await post('credentials/authorizeCheck', { transactionID })).json(), { status: 'pending' });
    await phone('approve', 'Ký thử');
    const { SAD } = (await (await post('credentials/authorizeCheck', { transactionID })).json()) as { SAD: string };
    const sign = (h: string) =>
      post('signatures/signHash', { credentialID: 'an-2026', SAD, hashes: [h], signAlgo: '1.2.840.113549.1.1.11' });
    assert.equal((await sign(Buffer.alloc(32, 6).toString('base64'))).status, 400);
    const first = await sign(hash);
    assert.equal(first.status, 200);
    const second = await sign(hash);
    assert.deepEqual(
      [second.status, ((await second.json()) as { error_description: string }).error_description],
      [400, 'Invalid SAD'],
    );
  });
});
