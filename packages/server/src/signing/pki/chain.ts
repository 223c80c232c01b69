import * as pkijs from 'pkijs';
import type { Credential } from './certificates';
import { pkiEngine } from './crypto';

export interface ChainCheck {
  valid: boolean;
  /** pkijs's result code (0 when valid) and message, for logs. */
  code: number;
  message: string;
  /** The path found, leaf first, as DER (empty when none). */
  path: Buffer[];
}

/**
 * RFC 5280 path validation of `certificate` up to one of `trusted` at time `at`, with pkijs's engine:
 * signatures, validity periods, basic constraints and path length, key usage of the CAs, and, when CRLs are
 * given, revocation (a revoked certificate on the path makes the chain invalid).
 */
export async function verifyChain(
  certificate: Pick<Credential, 'der'>,
  options: {
    trusted: Array<Pick<Credential, 'der'>>;
    intermediates?: Array<Pick<Credential, 'der'>>;
    crls?: Uint8Array[];
    at: Date;
  },
): Promise<ChainCheck> {
  const toPki = (c: Pick<Credential, 'der'>) => pkijs.Certificate.fromBER(new Uint8Array(c.der));
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: options.trusted.map(toPki),
    certs: [...(options.intermediates ?? []).map(toPki), toPki(certificate)],
    crls: (options.crls ?? []).map((crl) => pkijs.CertificateRevocationList.fromBER(new Uint8Array(crl))),
    checkDate: options.at,
  });
  const result = await engine.verify({}, pkiEngine);
  return {
    valid: result.result,
    code: result.resultCode,
    message: result.resultMessage,
    path: (result.certificatePath ?? []).map((c) => Buffer.from(c.toSchema().toBER())),
  };
}
