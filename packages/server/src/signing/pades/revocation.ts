/**
 * Where the verifier learns whether a certificate was revoked: an interface any source implements (a CRL, the
 * province's OCSP responder, the certificate registry), and a CRL source (signature checked against the
 * issuing CA's key, entries looked up by serial number).
 */
import { verify as verifySignature, type X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { ab } from './cms';

export type RevocationStatus =
  | { status: 'good' }
  | { status: 'revoked'; revokedAt: Date; reason?: string }
  | { status: 'unknown' };

export interface RevocationSource {
  check(input: { certificate: X509Certificate; issuer: X509Certificate; at: Date }): Promise<RevocationStatus>;
}

const REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  '',
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
];

const HASH_OF_SIGNATURE: Record<string, string> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
};

const serialHex = (hex: string) => hex.replace(/^(00)+(?=.)/, '').toUpperCase();

interface ParsedCrl {
  crl: pkijs.CertificateRevocationList;
  issuerDer: Buffer;
}

/** A revocation source over CRLs (DER). A CRL whose signature does not verify is never used. */
export class CrlRevocationSource implements RevocationSource {
  private readonly crls: ParsedCrl[];

  constructor(crls: Buffer[]) {
    this.crls = crls.map((der) => {
      const crl = pkijs.CertificateRevocationList.fromBER(ab(der));
      return { crl, issuerDer: Buffer.from(crl.issuer.toSchema().toBER(false)) };
    });
  }

  async check({ certificate, issuer }: { certificate: X509Certificate; issuer: X509Certificate; at: Date }) {
    const issuerName = Buffer.from(pkijs.Certificate.fromBER(ab(issuer.raw)).subject.toSchema().toBER(false));
    for (const { crl, issuerDer } of this.crls) {
      if (!issuerDer.equals(issuerName)) continue;
      const hash = HASH_OF_SIGNATURE[crl.signatureAlgorithm.algorithmId];
      if (!hash) continue;
      const signature = Buffer.from(crl.signatureValue.valueBlock.valueHexView);
      if (!verifySignature(hash, Buffer.from(crl.tbsView), issuer.publicKey, signature)) continue;
      const serial = serialHex(certificate.serialNumber);
      for (const entry of crl.revokedCertificates ?? []) {
        const entrySerial = serialHex(Buffer.from(entry.userCertificate.valueBlock.valueHexView).toString('hex'));
        if (entrySerial !== serial) continue;
        const reasonExt = entry.crlEntryExtensions?.extensions.find((e) => e.extnID === '2.5.29.21');
        const code = reasonExt
          ? Number((reasonExt.parsedValue as { valueBlock?: { valueDec?: number } })?.valueBlock?.valueDec)
          : NaN;
        const reason = Number.isInteger(code) ? REASONS[code] : undefined;
        return { status: 'revoked' as const, revokedAt: entry.revocationDate.value, ...(reason ? { reason } : {}) };
      }
      return { status: 'good' as const };
    }
    return { status: 'unknown' as const };
  }
}

/** The first answer that is not `unknown`, asking each source in turn. */
export function firstOf(...sources: RevocationSource[]): RevocationSource {
  return {
    async check(input) {
      for (const source of sources) {
        const answer = await source.check(input);
        if (answer.status !== 'unknown') return answer;
      }
      return { status: 'unknown' };
    },
  };
}
