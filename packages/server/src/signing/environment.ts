/**
 * What signing and verifying need from the province's PKI, per server context: the trust anchors (the
 * province root), intermediates, a revocation source, the timestamp authority this server runs (POST /tsa) and
 * the client signatures use (TSA_URL, else that authority in process), and where a person's or an agency's
 * signing key is. The certificate registry (`registry.ts`) provides it (`registryEnvironment`); tests may set
 * their own (`setSigningEnvironment`).
 *
 * Reading it never writes: without a province CA (the server's start and the seed create it, with the
 * time-stamping certificate) the environment is empty (no anchors, no keys, POST /tsa answers 503), so the
 * public verification and timestamp endpoints stay read-only. What it keeps per context (the CA's certificates,
 * the time-stamping signer, decrypted signing keys by certificate) is rebuilt when the registry of this process
 * changed (an issue, a revocation). Revocation states are read live from the registry on every check, and the
 * holder's active certificate is looked up on every `signerFor`, so a revocation shows at once, in every process.
 * Keys are decrypted lazily, on their first signature.
 */
import type { X509Certificate } from 'node:crypto';
import type { AppContext } from '../platform/context';
import type { RevocationSource, RevocationStatus } from './pades/revocation';
import {
  certificateStates,
  existingProvinceAuthority,
  normalizeSerial,
  type RegistryContext,
  registryChanges,
  type SigningKeyFile,
  signingKeyOf,
  timestampingCredential,
} from './registry';
import { KeyFileSigner, type Signer } from './signer';
import { TimestampAuthority } from './tsa/tsa';
import { HttpTimestampClient, LocalTimestampClient, type TimestampClient } from './tsa/tsa-client';

export type KeyHolder = { personId: string } | { agencyId: string };

export interface SigningEnvironment {
  trustAnchors: Buffer[];
  intermediates: Buffer[];
  revocation?: RevocationSource;
  /** The authority this server runs (null: POST /tsa answers 503). */
  timestampAuthority: TimestampAuthority | null;
  /** The signing key of a person (personal certificate) or an agency (organisation certificate), or null. */
  signerFor(holder: KeyHolder): Promise<Signer | null>;
}

interface Kept {
  /** The registry's change count it was built at; null: set by hand (a test), kept as is. */
  changes: number | null;
  /** Built from a complete registry (CA and time-stamping certificate): kept; else rebuilt on the next call. */
  complete: boolean;
  env: Promise<SigningEnvironment>;
}

const environments = new WeakMap<AppContext, Kept>();

/** No anchors, no keys, no authority: before the province CA exists. */
const emptyEnvironment: SigningEnvironment = {
  trustAnchors: [],
  intermediates: [],
  timestampAuthority: null,
  signerFor: async () => null,
};

export function setSigningEnvironment(ctx: AppContext, environment: SigningEnvironment | Promise<SigningEnvironment>) {
  environments.set(ctx, { changes: null, complete: true, env: Promise.resolve(environment) });
}

export function signingEnvironment(ctx: AppContext): Promise<SigningEnvironment> {
  const kept = environments.get(ctx);
  const changes = registryChanges(ctx.connection);
  if (kept && (kept.changes === null || (kept.complete && kept.changes === changes))) return kept.env;
  const entry: Kept = { changes, complete: false, env: Promise.resolve(emptyEnvironment) };
  entry.env = registryEnvironment(ctx).then(({ env, complete }) => {
    entry.complete = complete;
    return env;
  });
  entry.env.catch(() => {
    if (environments.get(ctx) === entry) environments.delete(ctx);
  });
  environments.set(ctx, entry);
  return entry.env;
}

/** A signer over a key file whose key is decrypted on its first use (decrypting costs a PBKDF2 run). */
export function lazyKeyFileSigner(file: SigningKeyFile): Signer {
  let signer: KeyFileSigner | null = null;
  const open = () => {
    signer ??= new KeyFileSigner({
      keyPem: file.keyPem,
      passphrase: file.passphrase,
      certificatesPem: file.certificatesPem,
    });
    return signer;
  };
  return {
    certificates: async () => open().certificates(),
    signDigest: async (digest) => open().signDigest(digest),
  };
}

/**
 * The registry as a revocation source for the certificates the province's issuing CA issued (the issuing CA
 * itself is good while the root's CRL is empty, as it always is here); others are unknown to it.
 */
export function registryRevocation(ctx: RegistryContext, issuing: Buffer): RevocationSource {
  return {
    async check({ certificate, issuer }: { certificate: X509Certificate; issuer: X509Certificate }) {
      if (certificate.raw.equals(issuing)) return { status: 'good' };
      if (!issuer.raw.equals(issuing)) return { status: 'unknown' };
      const serial = normalizeSerial(certificate.serialNumber);
      const state = (await certificateStates(ctx, [serial])).get(serial);
      if (!state) return { status: 'unknown' };
      return state as RevocationStatus;
    },
  };
}

/**
 * The environment from the certificate registry: anchors and intermediates from the province CA, revocation
 * from the registry's states, signers over the holders' active certificates, the authority over the
 * time-stamping certificate. Reads only.
 */
export async function registryEnvironment(ctx: AppContext): Promise<{ env: SigningEnvironment; complete: boolean }> {
  const authority = await existingProvinceAuthority(ctx);
  if (!authority) return { env: emptyEnvironment, complete: false };
  const tsaFile = await timestampingCredential(ctx, { create: false });
  const signers = new Map<string, Signer>();
  const env: SigningEnvironment = {
    trustAnchors: [authority.root.der],
    intermediates: [authority.issuing.der],
    revocation: registryRevocation(ctx, authority.issuing.der),
    timestampAuthority: tsaFile
      ? new TimestampAuthority({ signer: lazyKeyFileSigner(tsaFile), now: () => ctx.now() })
      : null,
    async signerFor(holder) {
      const file = await signingKeyOf(ctx, holder);
      if (!file) return null;
      let signer = signers.get(file.certificateId);
      if (!signer) {
        signer = lazyKeyFileSigner(file);
        signers.set(file.certificateId, signer);
      }
      return signer;
    },
  };
  return { env, complete: tsaFile !== null };
}

/** The timestamp client signatures use: TSA_URL when set, else this server's own authority, else none. */
export function timestampClientOf(ctx: AppContext, env: SigningEnvironment): TimestampClient | null {
  if (ctx.config.TSA_URL) return new HttpTimestampClient(ctx.config.TSA_URL);
  return env.timestampAuthority ? new LocalTimestampClient(env.timestampAuthority) : null;
}
