/**
 * The signing tests' certificates (packages/server/src/signing/testing), for the journeys, the security suite
 * and the interoperability suite. Loaded by a computed path: the province CA module behind them is typed
 * against node's WebCrypto, which e2e's DOM library types do not accept, so e2e sees them through the small
 * types declared here.
 */
import type { AppContext } from '../../packages/server/src/platform/context';
import type { Signer } from '../../packages/server/src/signing/signer';

export interface IssuedKey {
  certificate: Buffer;
  serialNumber: string;
  keyPem: string;
}

export interface TestPki {
  root: IssuedKey;
  issuing: IssuedKey;
  person: IssuedKey;
  agency: IssuedKey;
  tsa: IssuedKey;
  revokedPerson: IssuedKey;
  expiredPerson: IssuedKey;
  crl: Buffer;
  rootCrl: Buffer;
  signer(key: IssuedKey): Signer;
}

const testing = '../../packages/server/src/signing/testing';

export async function testPki(): Promise<TestPki> {
  const path: string = `${testing}/temporary-ca.ts`;
  const module = (await import(path)) as { temporaryPki(): Promise<TestPki> };
  return module.temporaryPki();
}

export const TEST_KEY_PASSPHRASE = 'mật-khẩu-khóa-thử';

/** Sets the test CA as the server context's signing environment (trust anchor, CRLs, a timestamp authority). */
export async function useTestSigningEnvironment(ctx: AppContext): Promise<void> {
  const path: string = `${testing}/temporary-environment.ts`;
  const module = (await import(path)) as { useTemporaryEnvironment(ctx: AppContext): Promise<unknown> };
  await module.useTemporaryEnvironment(ctx);
}
