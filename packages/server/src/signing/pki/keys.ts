import { createPrivateKey, KeyObject, randomBytes } from 'node:crypto';
import { type CryptoKey, type CryptoKeyPair, crypto, signingAlgorithm } from './crypto';

export type RsaKeySize = 2048 | 3072 | 4096;

/** A new RSA key pair for signing (RSASSA-PKCS1-v1_5, SHA-256); extractable so it can be stored encrypted. */
export async function generateSigningKey(size: RsaKeySize = 2048): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(
    { ...signingAlgorithm, modulusLength: size, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
}

/**
 * The private key as an encrypted PKCS#8 PEM (`-----BEGIN ENCRYPTED PRIVATE KEY-----`): PBES2 with PBKDF2
 * (HMAC-SHA-256) and AES-256-CBC, as OpenSSL writes it, so `openssl pkey -in key.pem` reads it with the passphrase.
 */
export function encryptPrivateKey(key: CryptoKey | KeyObject, passphrase: string): string {
  if (passphrase.length === 0) throw new Error('encryptPrivateKey: empty passphrase');
  const object = key instanceof KeyObject ? key : KeyObject.from(key);
  if (object.type !== 'private') throw new Error('encryptPrivateKey: not a private key');
  return object.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase }) as string;
}

/** A decrypted key, in both of node's forms: WebCrypto (pkijs, @peculiar/x509) and KeyObject (node:crypto). */
export interface DecryptedKey {
  cryptoKey: CryptoKey;
  keyObject: KeyObject;
}

/**
 * Reads an encrypted PKCS#8 PEM back. A wrong passphrase or damaged PEM throws `PrivateKeyError`
 * (never a half-read key).
 */
export async function decryptPrivateKey(pem: string, passphrase: string): Promise<DecryptedKey> {
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch (cause) {
    throw new PrivateKeyError('the key cannot be decrypted (wrong passphrase or damaged key)', { cause });
  }
  if (keyObject.asymmetricKeyType !== 'rsa')
    throw new PrivateKeyError(`not an RSA key (${keyObject.asymmetricKeyType})`);
  const der = keyObject.export({ format: 'der', type: 'pkcs8' });
  const cryptoKey = await crypto.subtle.importKey('pkcs8', der, signingAlgorithm, true, ['sign']);
  return { cryptoKey, keyObject };
}

export class PrivateKeyError extends Error {
  override name = 'PrivateKeyError';
}

/**
 * A certificate serial number: 16 random bytes (128 bits, above RFC 5280's and the CA/B Forum's 64), as lowercase
 * hex. The top bit is cleared so the DER INTEGER is positive without a padding byte, and the first byte is never 0,
 * so every serial is exactly 32 hex digits.
 */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}
