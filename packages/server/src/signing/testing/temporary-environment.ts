/**
 * A signing environment for tests from the test CA of `temporary-ca.ts` (trust anchor, CRLs, a TSA, the given people
 * keys by id) until the province CA's registry provides the real one. Tests only.
 */
import type { AppContext } from '../../platform/context';
import { type SigningEnvironment, setSigningEnvironment } from '../environment';
import { CrlRevocationSource } from '../pades/revocation';
import { TimestampAuthority } from '../tsa/tsa';
import { type TemporaryPki, temporaryPki } from './temporary-ca';

export async function temporaryEnvironment(
  now: () => Date,
  keys: { personId?: string; agencyId?: string } = {},
): Promise<{ env: SigningEnvironment; pki: TemporaryPki }> {
  const pki = await temporaryPki();
  const env: SigningEnvironment = {
    trustAnchors: [pki.root.certificate],
    intermediates: [pki.issuing.certificate],
    revocation: new CrlRevocationSource([pki.crl, pki.rootCrl]),
    timestampAuthority: new TimestampAuthority({ signer: pki.signer(pki.tsa), now }),
    signerFor: async (holder) => {
      if ('personId' in holder && holder.personId === keys.personId) return pki.signer(pki.person);
      if ('agencyId' in holder && holder.agencyId === keys.agencyId) return pki.signer(pki.agency);
      return null;
    },
  };
  return { env, pki };
}

export async function useTemporaryEnvironment(
  ctx: AppContext,
  keys: { personId?: string; agencyId?: string } = {},
): Promise<{ env: SigningEnvironment; pki: TemporaryPki }> {
  const result = await temporaryEnvironment(() => ctx.now(), keys);
  setSigningEnvironment(ctx, result.env);
  return result;
}
