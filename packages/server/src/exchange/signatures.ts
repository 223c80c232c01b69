/**
 * Mutual authentication of the exchange (docs/adr/0005-exchange-authentication.md): each installation signs its
 * requests and its answers with its own key; each side holds the other's public key in its peer registry.
 * The signature covers the method, path, time, exchange id and the SHA-256 of the body, so it survives any
 * proxy (nginx terminates TLS) and a replay is refused by time window and exchange id.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
  X509Certificate,
} from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CongsoError } from '@congso/core';
import type { Config } from '../config';

export const EXCHANGE_HEADERS = {
  keyId: 'x-exchange-key-id',
  date: 'x-exchange-date',
  id: 'x-exchange-id',
  signature: 'x-exchange-signature',
} as const;

/** Requests older or newer than this (clock skew included) are refused. */
export const EXCHANGE_MAX_SKEW_MS = 5 * 60_000;

export interface ExchangeKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
  algorithm: string;
}

/** SHA-256 of the public key's DER (SubjectPublicKeyInfo), hex. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** A peer's public key from an SPKI PEM or an X.509 certificate PEM; null when it is neither. */
export function publicKeyFromPem(pem: string): KeyObject | null {
  try {
    if (pem.includes('BEGIN CERTIFICATE')) return new X509Certificate(pem).publicKey;
    const key = createPublicKey(pem);
    return key.type === 'public' ? key : null;
  } catch {
    return null;
  }
}

const digestOf = (key: KeyObject) =>
  key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448' ? null : 'sha256';

export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

export function requestSigningText(
  method: string,
  path: string,
  date: string,
  exchangeId: string,
  bodyHash: string,
): string {
  return ['congso-exchange-request-v1', method.toUpperCase(), path, date, exchangeId, bodyHash].join('\n');
}

export function responseSigningText(status: number, date: string, exchangeId: string, bodyHash: string): string {
  return ['congso-exchange-response-v1', String(status), date, exchangeId, bodyHash].join('\n');
}

export function signText(key: KeyObject, text: string): string {
  return sign(digestOf(key), Buffer.from(text), key).toString('base64');
}

export function verifyText(key: KeyObject, text: string, signature: string): boolean {
  if (!/^[A-Za-z0-9+/]{16,1400}={0,2}$/.test(signature)) return false;
  try {
    return verify(digestOf(key), Buffer.from(text), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

function keyFrom(pem: string): ExchangeKey {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
    algorithm: publicKey.asymmetricKeyType ?? 'unknown',
  };
}

const loaded = new WeakMap<Config, Promise<ExchangeKey>>();

/**
 * This installation's exchange key: EXCHANGE_PRIVATE_KEY (PEM) or EXCHANGE_PRIVATE_KEY_FILE. Without either,
 * development keeps an Ed25519 key in DATA_DIR/exchange-key.pem (made on first use), tests get one per process,
 * and production refuses (EXCHANGE_NOT_CONFIGURED): every process must sign with the key the peers know.
 */
export function exchangeKeyOf(config: Config): Promise<ExchangeKey> {
  let key = loaded.get(config);
  if (!key) {
    key = loadKey(config);
    loaded.set(config, key);
    key.catch(() => loaded.delete(config));
  }
  return key;
}

async function loadKey(config: Config): Promise<ExchangeKey> {
  if (config.EXCHANGE_PRIVATE_KEY) return keyFrom(config.EXCHANGE_PRIVATE_KEY);
  if (config.EXCHANGE_PRIVATE_KEY_FILE) return keyFrom(await readFile(config.EXCHANGE_PRIVATE_KEY_FILE, 'utf8'));
  if (config.NODE_ENV === 'production') throw new CongsoError('EXCHANGE_NOT_CONFIGURED');
  const generate = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  if (config.NODE_ENV === 'test') return keyFrom(generate());
  const file = resolve(config.DATA_DIR, 'exchange-key.pem');
  try {
    return keyFrom(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const pem = generate();
    await mkdir(dirname(file), { recursive: true });
    // 'wx': a second process starting at the same moment reads the first one's key instead
    try {
      await writeFile(file, pem, { flag: 'wx', mode: 0o600 });
      return keyFrom(pem);
    } catch {
      return keyFrom(await readFile(file, 'utf8'));
    }
  }
}
