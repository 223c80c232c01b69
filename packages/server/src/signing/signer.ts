/**
 * Who signs: a certificate chain and an RSA key that signs a SHA-256 digest (PKCS#1 v1.5), wherever the key
 * lives. Three implementations: a key file (an encrypted PKCS#8 key and its certificates, as the province CA
 * issues them: `KeyFileSigner`, here), a PKCS#11 token (`pkcs11-signer.ts`) and a remote-signing service
 * that asks the holder to approve on their phone (`remote/csc-signer.ts`). The CMS code builds everything
 * else, so a signer only ever sees a digest: the same operation a token's C_Sign(CKM_RSA_PKCS) and the Cloud
 * Signature Consortium API's signatures/signHash perform.
 */
import {
  createHash,
  createPrivateKey,
  type KeyObject,
  privateEncrypt,
  constants as rsa,
  X509Certificate,
} from 'node:crypto';

export interface Signer {
  /** The signer's certificate first, then its issuers up to (not necessarily including) the root, DER. */
  certificates(): Promise<Buffer[]>;
  /** sha256WithRSAEncryption: the PKCS#1 v1.5 signature of a SHA-256 digest (32 bytes). */
  signDigest(digest: Buffer): Promise<Buffer>;
}

/** DigestInfo's DER prefix for SHA-256 (RFC 8017, 9.2 note 1): what PKCS#1 v1.5 signs around the digest. */
export const SHA256_DIGEST_INFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex');

export function digestInfo(digest: Buffer): Buffer {
  if (digest.length !== 32) throw new Error('a SHA-256 digest is 32 bytes');
  return Buffer.concat([SHA256_DIGEST_INFO_PREFIX, digest]);
}

export const sha256 = (data: Buffer | Uint8Array): Buffer => createHash('sha256').update(data).digest();

/** PEM blocks of one label ("CERTIFICATE") in a text, as DER. */
export function pemBlocks(text: string, label = 'CERTIFICATE'): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'));
}

export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** A key file as the province CA issues it: an encrypted PKCS#8 private key (PEM) and its certificate chain. */
export class KeyFileSigner implements Signer {
  private readonly key: KeyObject;
  private readonly chain: Buffer[];

  constructor(input: { keyPem: string; passphrase: string; certificatesPem: string }) {
    this.key = createPrivateKey({ key: input.keyPem, format: 'pem', passphrase: input.passphrase });
    if (this.key.asymmetricKeyType !== 'rsa') throw new Error('only RSA keys sign here');
    this.chain = pemBlocks(input.certificatesPem);
    const first = this.chain[0];
    if (!first) throw new Error('the key file has no certificate');
    if (!new X509Certificate(first).checkPrivateKey(this.key)) throw new Error('the certificate is not the key’s');
  }

  async certificates(): Promise<Buffer[]> {
    return this.chain;
  }

  async signDigest(digest: Buffer): Promise<Buffer> {
    return privateEncrypt({ key: this.key, padding: rsa.RSA_PKCS1_PADDING }, digestInfo(digest));
  }
}
