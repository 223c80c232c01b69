/**
 * A Signer on a PKCS#11 token: a USB token as the CAs issue them, an HSM, or SoftHSM2 in the interoperability
 * suite. The key never leaves the token: C_Sign with CKM_RSA_PKCS over the DigestInfo of the SHA-256 digest
 * (what PKCS#1 v1.5 signs). The signer's certificate is read from the token (the object with the key's
 * CKA_ID); issuers not on the token are given. The binding (`pkcs11js`, native) is an optional dependency,
 * loaded only when a token is opened: `npm install` still works where it cannot build.
 */
import { createRequire } from 'node:module';
import { digestInfo, type Signer } from './signer';

const require = createRequire(import.meta.url);

type Handle = Buffer;
type Template = { type: number; value?: Buffer | number | string | boolean }[];

/** The part of pkcs11js used here (declared, so type checking does not need the optional package). */
interface Pkcs11 {
  load(path: string): void;
  C_Initialize(): void;
  C_Finalize(): void;
  C_GetSlotList(tokenPresent?: boolean): Handle[];
  C_GetTokenInfo(slot: Handle): { label: string };
  C_OpenSession(slot: Handle, flags: number): Handle;
  C_CloseSession(session: Handle): void;
  C_Login(session: Handle, userType: number, pin?: string): void;
  C_Logout(session: Handle): void;
  C_FindObjectsInit(session: Handle, template: Template): void;
  C_FindObjects(session: Handle, max: number): Handle[];
  C_FindObjectsFinal(session: Handle): void;
  C_GetAttributeValue(session: Handle, object: Handle, template: Template): Template;
  C_SignInit(session: Handle, mechanism: { mechanism: number }, key: Handle): void;
  C_Sign(session: Handle, data: Buffer, out: Buffer): Buffer;
}
interface Pkcs11Module {
  PKCS11: new () => Pkcs11;
  CKF_SERIAL_SESSION: number;
  CKF_RW_SESSION: number;
  CKU_USER: number;
  CKA_ID: number;
  CKA_LABEL: number;
  CKA_CLASS: number;
  CKA_VALUE: number;
  CKO_PRIVATE_KEY: number;
  CKO_CERTIFICATE: number;
  CKM_RSA_PKCS: number;
}

export class Pkcs11Unavailable extends Error {}

export function loadPkcs11(): Pkcs11Module {
  try {
    return require('pkcs11js') as Pkcs11Module;
  } catch (cause) {
    throw new Pkcs11Unavailable('the optional dependency pkcs11js is not installed or did not build', { cause });
  }
}

export interface Pkcs11Options {
  /** The module: /usr/lib/softhsm/libsofthsm2.so, a token vendor's library. */
  library: string;
  /** The token's label (CKA_LABEL of the token info). */
  tokenLabel: string;
  pin: string;
  /** The key's CKA_ID (hex) or CKA_LABEL. */
  keyId?: string;
  keyLabel?: string;
  /** Issuer certificates (DER) to add after the token's certificate. */
  issuers?: Buffer[];
}

export class Pkcs11Signer implements Signer {
  private readonly pkcs11: Pkcs11;
  private readonly lib: Pkcs11Module;
  private readonly session: Handle;
  private readonly key: Handle;
  private readonly certificate: Buffer;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: Pkcs11Options) {
    this.lib = loadPkcs11();
    const lib = this.lib;
    this.pkcs11 = new lib.PKCS11();
    this.pkcs11.load(options.library);
    this.pkcs11.C_Initialize();
    try {
      const slot = this.pkcs11
        .C_GetSlotList(true)
        .find((s) => this.pkcs11.C_GetTokenInfo(s).label.trim() === options.tokenLabel);
      if (!slot) throw new Error(`no token labelled ${options.tokenLabel}`);
      this.session = this.pkcs11.C_OpenSession(slot, lib.CKF_SERIAL_SESSION | lib.CKF_RW_SESSION);
      this.pkcs11.C_Login(this.session, lib.CKU_USER, options.pin);
      const match = [
        ...(options.keyId ? [{ type: lib.CKA_ID, value: Buffer.from(options.keyId, 'hex') }] : []),
        ...(options.keyLabel ? [{ type: lib.CKA_LABEL, value: options.keyLabel }] : []),
      ];
      this.key = this.findOne([{ type: lib.CKA_CLASS, value: lib.CKO_PRIVATE_KEY }, ...match], 'private key');
      const [idAttr] = this.pkcs11.C_GetAttributeValue(this.session, this.key, [{ type: lib.CKA_ID }]);
      const cert = this.findOne(
        [
          { type: lib.CKA_CLASS, value: lib.CKO_CERTIFICATE },
          ...(idAttr?.value ? [{ type: lib.CKA_ID, value: idAttr.value as Buffer }] : []),
        ],
        'certificate',
      );
      const [value] = this.pkcs11.C_GetAttributeValue(this.session, cert, [{ type: lib.CKA_VALUE }]);
      this.certificate = value?.value as Buffer;
    } catch (error) {
      this.pkcs11.C_Finalize();
      throw error;
    }
  }

  private findOne(template: Template, what: string): Handle {
    this.pkcs11.C_FindObjectsInit(this.session, template);
    const found = this.pkcs11.C_FindObjects(this.session, 2);
    this.pkcs11.C_FindObjectsFinal(this.session);
    if (found.length !== 1) throw new Error(`${found.length === 0 ? 'no' : 'more than one'} ${what} on the token`);
    return found[0] as Handle;
  }

  async certificates(): Promise<Buffer[]> {
    return [this.certificate, ...(this.options.issuers ?? [])];
  }

  /** One signing operation at a time on the session (PKCS#11 sessions are not concurrent). */
  signDigest(digest: Buffer): Promise<Buffer> {
    const run = this.queue.then(() => {
      if (this.closed) throw new Error('the token session is closed');
      this.pkcs11.C_SignInit(this.session, { mechanism: this.lib.CKM_RSA_PKCS }, this.key);
      return Buffer.from(this.pkcs11.C_Sign(this.session, digestInfo(digest), Buffer.alloc(1024)));
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.pkcs11.C_Logout(this.session);
      this.pkcs11.C_CloseSession(this.session);
    } finally {
      this.pkcs11.C_Finalize();
    }
  }
}
