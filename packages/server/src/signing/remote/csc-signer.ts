/**
 * A Signer whose key is at a remote-signing service speaking the Cloud Signature Consortium API v2 (see
 * csc-stand-in.ts for the asynchronous approval): the certificates come from credentials/info; each digest is
 * sent to credentials/authorize with a description the holder sees on their phone, the signer waits (polling
 * credentials/authorizeCheck) for the approval and its SAD, then signatures/signHash returns the signature.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Signer } from '../signer';

export class RemoteSigningError extends Error {
  constructor(
    message: string,
    readonly reason: 'declined' | 'timeout' | 'service',
  ) {
    super(message);
  }
}

export interface CscSignerOptions {
  /** Base URL of the API, e.g. http://host:port/csc/v2 */
  baseUrl: string;
  accessToken: string;
  credentialID: string;
  /** What the holder reads on the phone ("Ký Quyết định số 123/QĐ-UBND"). */
  description: string;
  pollIntervalMs?: number;
  timeoutMs?: number;
}

export class CscSigner implements Signer {
  private chain: Promise<Buffer[]> | undefined;

  constructor(private readonly options: CscSignerOptions) {}

  /** The credential IDs of a user at the service. */
  static async credentials(baseUrl: string, accessToken: string, userID: string): Promise<string[]> {
    const answer = (await call(baseUrl, accessToken, 'credentials/list', { userID })) as { credentialIDs?: string[] };
    return answer.credentialIDs ?? [];
  }

  certificates(): Promise<Buffer[]> {
    this.chain ??= call(this.options.baseUrl, this.options.accessToken, 'credentials/info', {
      credentialID: this.options.credentialID,
      certificates: 'chain',
    }).then((answer) => {
      const list = (answer as { cert?: { certificates?: string[] } }).cert?.certificates ?? [];
      if (list.length === 0) throw new RemoteSigningError('the credential has no certificate', 'service');
      return list.map((c) => Buffer.from(c, 'base64'));
    });
    return this.chain;
  }

  async signDigest(digest: Buffer): Promise<Buffer> {
    const { baseUrl, accessToken, credentialID } = this.options;
    const hash = digest.toString('base64');
    const started = Date.now();
    const pending = (await call(baseUrl, accessToken, 'credentials/authorize', {
      credentialID,
      numSignatures: 1,
      hashes: [hash],
      hashAlgorithmOID: '2.16.840.1.101.3.4.2.1',
      description: this.options.description,
    })) as { transactionID?: string; SAD?: string };
    let sad = pending.SAD;
    while (!sad) {
      if (Date.now() - started > (this.options.timeoutMs ?? 120_000)) {
        throw new RemoteSigningError('the holder did not approve in time', 'timeout');
      }
      await sleep(this.options.pollIntervalMs ?? 500);
      const check = (await call(baseUrl, accessToken, 'credentials/authorizeCheck', {
        transactionID: pending.transactionID,
      })) as { status?: string; SAD?: string };
      if (check.status === 'approved' && check.SAD) sad = check.SAD;
    }
    const signed = (await call(baseUrl, accessToken, 'signatures/signHash', {
      credentialID,
      SAD: sad,
      hashes: [hash],
      hashAlgorithmOID: '2.16.840.1.101.3.4.2.1',
      signAlgo: '1.2.840.113549.1.1.11',
    })) as { signatures?: string[] };
    const signature = signed.signatures?.[0];
    if (!signature) throw new RemoteSigningError('no signature in the answer', 'service');
    return Buffer.from(signature, 'base64');
  }
}

async function call(baseUrl: string, accessToken: string, method: string, body: object): Promise<unknown> {
  const response = await fetch(`${baseUrl.replace(/\/$/, '')}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const answer = (await response.json().catch(() => ({}))) as { error?: string; error_description?: string };
  if (!response.ok) {
    const reason = answer.error === 'access_denied' ? 'declined' : 'service';
    throw new RemoteSigningError(`${method}: ${answer.error_description ?? response.status}`, reason);
  }
  return answer;
}
