/**
 * For tests: an installation of Congso listening on a real loopback port with its own database and exchange key,
 * signed requests as a peer sends them, and the delivery queue run by hand.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../testing';
import { deliverExchangeMessage, EXCHANGE_PATH } from './exchange.service';
import { EXCHANGE_HEADERS, requestSigningText, sha256Hex, signText } from './signatures';

export const newExchangeKey = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

export interface Installation {
  t: TestApp;
  base: string;
  admin: string;
  keyPem: string;
}

export async function startInstallation(): Promise<Installation> {
  const keyPem = newExchangeKey();
  const t = await createTestApp({ EXCHANGE_PRIVATE_KEY: keyPem });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return { t, base: `http://127.0.0.1:${port}`, admin: await t.login('admin'), keyPem };
}

/** Runs the installation's queued deliveries now; how many ran. */
export const drainDeliveries = (s: Installation) =>
  s.t.ctx.jobs.drain('exchange.deliver', (data, run) => deliverExchangeMessage(s.t.ctx, data, run));

/** A request to `s` signed with `keyPem`, as a peer would send it. */
export function signedPost(
  s: Installation,
  keyPem: string,
  body: string,
  options: { exchangeId?: string; date?: string; keyId?: string } = {},
) {
  const key = createPrivateKey(keyPem);
  const keyId =
    options.keyId ??
    createHash('sha256')
      .update(createPublicKey(key).export({ type: 'spki', format: 'der' }))
      .digest('hex');
  const exchangeId = options.exchangeId ?? randomUUID();
  const date = options.date ?? s.t.ctx.now().toISOString();
  return fetch(new URL(EXCHANGE_PATH, s.base), {
    method: 'POST',
    headers: {
      'content-type': 'application/xml',
      [EXCHANGE_HEADERS.keyId]: keyId,
      [EXCHANGE_HEADERS.date]: date,
      [EXCHANGE_HEADERS.id]: exchangeId,
      [EXCHANGE_HEADERS.signature]: signText(
        key,
        requestSigningText('POST', EXCHANGE_PATH, date, exchangeId, sha256Hex(body)),
      ),
    },
    body,
  });
}

/** Registers `peer` on `s` as the installation answering for `organIds`. */
export async function registerPeer(s: Installation, peer: Installation, name: string, organIds: string[]) {
  const identity = (await peer.t.call('GET', '/api/v1/exchange/identity', { cookie: peer.admin })).json();
  const res = await s.t.call('POST', '/api/v1/exchange/peers', {
    cookie: s.admin,
    body: { name, baseUrl: peer.base, organIds, publicKey: identity.publicKey },
  });
  if (res.statusCode !== 201) throw new Error(`peer not registered: ${res.body}`);
  return res.json() as { id: string; keyId: string };
}
