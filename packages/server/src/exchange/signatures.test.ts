import assert from 'node:assert/strict';
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { type CryptoKey, createCertificateAuthority, issueCertificate } from '../signing/pki/index';
import {
  keyIdOf,
  publicKeyFromPem,
  requestSigningText,
  responseSigningText,
  sha256Hex,
  signText,
  verifyText,
} from './signatures';

const text = requestSigningText(
  'POST',
  '/api/v1/exchange/edxml',
  '2026-12-06T10:00:00.000Z',
  '7d3f0c1e-9a52-4c1b-8e2f-0c5d6a7b8c9d',
  sha256Hex('<edXML/>'),
);

describe('exchange signatures', () => {
  it('Ed25519: a signature verifies with the public key PEM, and not after any change', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const peerKey = publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()) as KeyObject;
    assert.equal(keyIdOf(peerKey), keyIdOf(publicKey));
    const signature = signText(privateKey, text);
    assert.equal(verifyText(peerKey, text, signature), true);
    assert.equal(verifyText(peerKey, text.replace('POST', 'PUT'), signature), false);
    assert.equal(
      verifyText(peerKey, responseSigningText(200, '2026-12-06T10:00:00.000Z', 'x', sha256Hex('')), signature),
      false,
    );
    assert.equal(verifyText(peerKey, text, 'not base64 at all!'), false);
    assert.equal(publicKeyFromPem('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'), null);
  });

  it('a peer registered by its organisation certificate from the province CA (RSA, helper pki)', async () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const ca = await createCertificateAuthority({ province: 'Tây Ninh', now, rootKeySize: 2048 });
    const seal = await issueCertificate(ca.issuing, {
      now,
      subject: { kind: 'organization', agencyName: 'Sở Tư pháp tỉnh Tây Ninh', agencyCode: '000.00.04.H59' },
    });
    const privateKey = KeyObject.from(seal.privateKey as CryptoKey);
    const peerKey = publicKeyFromPem(seal.pem) as KeyObject;
    assert.equal(peerKey.asymmetricKeyType, 'rsa');
    assert.equal(verifyText(peerKey, text, signText(privateKey, text)), true);
    assert.equal(verifyText(peerKey, `${text}x`, signText(privateKey, text)), false);
  });
});
