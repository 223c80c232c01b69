/**
 * What signing and verifying need from the province's PKI, per server context: the trust anchors (the
 * province root), intermediates, a revocation source (CRL / OCSP), the timestamp authority this server runs
 * (POST /tsa) and the client signatures use (TSA_URL, else that authority in process), and where a person's or
 * an agency's signing key is. The certificate registry (helper pki) provides it; tests set their own.
 */
import type { AppContext } from '../platform/context';
import type { RevocationSource } from './pades/revocation';
import type { Signer } from './signer';
import type { TimestampAuthority } from './tsa/tsa';
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

const environments = new WeakMap<AppContext, Promise<SigningEnvironment>>();

/** Until the province CA's registry is wired in: no anchors, no keys, no authority. */
const emptyEnvironment: SigningEnvironment = {
  trustAnchors: [],
  intermediates: [],
  timestampAuthority: null,
  signerFor: async () => null,
};

export function setSigningEnvironment(ctx: AppContext, environment: SigningEnvironment | Promise<SigningEnvironment>) {
  environments.set(ctx, Promise.resolve(environment));
}

export function signingEnvironment(ctx: AppContext): Promise<SigningEnvironment> {
  let env = environments.get(ctx);
  if (!env) {
    env = Promise.resolve(emptyEnvironment);
    environments.set(ctx, env);
  }
  return env;
}

/** The timestamp client signatures use: TSA_URL when set, else this server's own authority, else none. */
export function timestampClientOf(ctx: AppContext, env: SigningEnvironment): TimestampClient | null {
  if (ctx.config.TSA_URL) return new HttpTimestampClient(ctx.config.TSA_URL);
  return env.timestampAuthority ? new LocalTimestampClient(env.timestampAuthority) : null;
}
