import { Buffer } from 'node:buffer';
import { type RevocationReason, revocationReasonCodes, revocationReasonOf } from '@congso/core';
import * as asn1js from 'asn1js';
import type { CaCredential } from './certificates';
import { pkiOids } from './certificates';
import { signingAlgorithm, x509Crypto } from './crypto';
import * as x509 from './x509';

export interface RevokedEntry {
  /** Hex serial of the revoked certificate. */
  serialNumber: string;
  revokedAt: Date;
  reason: RevocationReason;
}

export interface BuildCrlInput {
  entries: readonly RevokedEntry[];
  thisUpdate: Date;
  /** When the next CRL will be out at the latest (RFC 5280 requires it for conforming CAs). */
  nextUpdate: Date;
  /** Monotonically increasing CRL number (RFC 5280 5.2.3). */
  crlNumber: number | bigint;
}

/**
 * A version 2 CRL signed by `issuer`, with the authority key identifier and CRL number extensions; each entry
 * carries its revocation date and, unless `unspecified` (RFC 5280 5.3.1: then leave the reason code out), its
 * reason code. Returns DER.
 */
export async function buildCrl(issuer: CaCredential, input: BuildCrlInput): Promise<Buffer> {
  const crlNumber = new asn1js.Integer({ value: 0 });
  crlNumber.valueBlock.valueHexView = bigIntegerBytes(BigInt(input.crlNumber));
  const crl = await x509.X509CrlGenerator.create(
    {
      issuer: issuer.certificate.subjectName,
      thisUpdate: input.thisUpdate,
      nextUpdate: input.nextUpdate,
      signingAlgorithm,
      signingKey: issuer.privateKey,
      extensions: [
        await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate, false, x509Crypto),
        new x509.Extension(pkiOids.crlNumber, false, crlNumber.toBER()),
      ],
      entries: input.entries.map((entry) => ({
        serialNumber: entry.serialNumber,
        revocationDate: entry.revokedAt,
        ...(entry.reason === 'unspecified'
          ? {}
          : { reason: revocationReasonCodes[entry.reason] as x509.X509CrlReason }),
      })),
    },
    x509Crypto,
  );
  return Buffer.from(crl.rawData);
}

/** Unsigned big-endian bytes of a non-negative integer as DER wants them (a leading 0 when the top bit is set). */
function bigIntegerBytes(value: bigint): Uint8Array {
  if (value < 0n) throw new Error('CRL number must not be negative');
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export interface CrlContents {
  issuer: string;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  crlNumber: bigint | undefined;
  entries: RevokedEntry[];
  /** The signature checks against `issuer`'s key (when given). */
  signatureValid: boolean | undefined;
}

/** Reads a CRL (DER or PEM) and, given its issuer, checks its signature. */
export async function readCrl(
  data: Uint8Array | string,
  issuer?: { certificate: x509.X509Certificate },
): Promise<CrlContents> {
  const crl = new x509.X509Crl(typeof data === 'string' ? data : new Uint8Array(data));
  const numberExtension = crl.getExtension(pkiOids.crlNumber);
  let crlNumber: bigint | undefined;
  if (numberExtension) {
    const parsed = asn1js.fromBER(numberExtension.value);
    const integer = parsed.result as asn1js.Integer;
    crlNumber = BigInt(`0x${Buffer.from(integer.valueBlock.valueHexView).toString('hex') || '0'}`);
  }
  return {
    issuer: crl.issuer,
    thisUpdate: crl.thisUpdate,
    nextUpdate: crl.nextUpdate,
    crlNumber,
    entries: crl.entries.map((entry) => ({
      serialNumber: entry.serialNumber.toLowerCase(),
      revokedAt: entry.revocationDate,
      reason: entry.reason === undefined ? 'unspecified' : (revocationReasonOf(entry.reason) ?? 'unspecified'),
    })),
    signatureValid: issuer ? await crl.verify({ publicKey: issuer.certificate }, x509Crypto) : undefined,
  };
}
