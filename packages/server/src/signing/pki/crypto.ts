import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';
import * as x509 from './x509';

/** Node's WebCrypto, the one provider both libraries use (set once, when this module loads). */
export const crypto = webcrypto;

/** WebCrypto's key types (node's; the project has no DOM library types). */
export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** The same, typed as @peculiar/x509's parameters want it (DOM's Crypto where a tsconfig has the DOM library). */
export const x509Crypto = webcrypto as unknown as NonNullable<
  Parameters<typeof x509.X509CertificateGenerator.create>[1]
>;
x509.cryptoProvider.set(x509Crypto);

/** pkijs's engine over node's WebCrypto; also installed as pkijs's default so pkijs calls without one agree. */
export const pkiEngine = new pkijs.CryptoEngine({ name: 'node', crypto: x509Crypto });
pkijs.setEngine('node', pkiEngine);

/** Every key and signature of the test CA: RSA PKCS#1 v1.5 with SHA-256. */
export const signingAlgorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
