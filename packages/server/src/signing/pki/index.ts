/**
 * The province's test certificate authority, as pure functions (no database, no clock: time is passed in).
 * See README.md beside this file for the API and the choices made.
 */
export {
  type CaCredential,
  type CertificateAuthority,
  type CertificateKind,
  type CreateCaInput,
  type CreateCertificateAuthorityInput,
  type Credential,
  certificateKinds,
  createCertificateAuthority,
  createIssuingCa,
  createRootCa,
  credentialOf,
  type IssueCertificateInput,
  type IssuedCertificate,
  issueCertificate,
  kindOfCertificate,
  type PkiUrls,
  parseCertificate,
  pkiOids,
  type SubjectInput,
} from './certificates';
export { type ChainCheck, verifyChain } from './chain';
export { type BuildCrlInput, buildCrl, type CrlContents, type RevokedEntry, readCrl } from './crl';
export { type CryptoKey, type CryptoKeyPair, crypto as pkiCrypto, pkiEngine, signingAlgorithm } from './crypto';
export {
  type DecryptedKey,
  decryptPrivateKey,
  encryptPrivateKey,
  generateSigningKey,
  PrivateKeyError,
  type RsaKeySize,
  randomSerialNumber,
} from './keys';
export { distinguishedName, nameField, nameOids, uidPrefixes } from './names';
export {
  type AnswerOcspInput,
  answerOcsp,
  type BuildOcspRequestInput,
  buildOcspRequest,
  type CertificateState,
  OCSP_MAX_REQUESTS,
  type OcspAnswer,
  type OcspResponseStatus,
  type OcspSingleAnswer,
  ocspErrorResponse,
  ocspResponseStatuses,
  readOcspResponse,
} from './ocsp';
export * as x509 from './x509';
