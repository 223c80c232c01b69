/**
 * A stand-in for a remote-signing service, as Vietnam's remote-signing CAs run them (the key stays with the
 * provider; each signature is approved by the holder in an app on their phone), speaking the Cloud Signature
 * Consortium API v2 over HTTP: info, credentials/list, credentials/info, credentials/authorize,
 * signatures/signHash. The phone's approval makes authorization asynchronous: credentials/authorize answers
 * `{ transactionID, status: 'pending' }` and the client asks credentials/authorizeCheck until the holder has
 * approved (then it gets the SAD) or declined. The SAD is bound to the hashes approved, used once, and expires.
 *
 * The "phone" is two more routes the holder's device calls with its own token: GET /phone/requests (what waits
 * for approval, with the description shown to the holder) and POST /phone/requests/:id/approve | decline.
 * A real Fastify app, started on its own port by tests and the demo; never part of Congso's API.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Signer } from '../signer';

export interface StandInCredential {
  userID: string;
  credentialID: string;
  signer: Signer;
  /** The holder's phone app authenticates with this token. */
  deviceToken: string;
}

export interface StandInOptions {
  /** The relying party's (Congso's) bearer token for the CSC API. */
  clientToken: string;
  credentials: StandInCredential[];
  now?: () => Date;
  /** How long a pending request and a SAD live. */
  ttlSeconds?: number;
}

interface Transaction {
  id: string;
  credentialID: string;
  hashes: string[];
  description: string;
  createdAt: Date;
  status: 'pending' | 'approved' | 'declined';
  sad?: string;
  sadUsed?: boolean;
}

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const RSA_OIDS = ['1.2.840.113549.1.1.1', '1.2.840.113549.1.1.11'];

class CscError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

const b64 = /^[A-Za-z0-9+/]+={0,2}$/;

function stringField(body: unknown, key: string, required = true): string {
  const value = (body as Record<string, unknown> | null)?.[key];
  if (typeof value === 'string' && value.length > 0 && value.length < 2000) return value;
  if (!required && value === undefined) return '';
  throw new CscError(400, 'invalid_request', `Missing or invalid ${key}`);
}

function hashesField(body: unknown): string[] {
  const value = (body as Record<string, unknown> | null)?.hashes;
  if (!Array.isArray(value) || value.length === 0 || value.length > 10) {
    throw new CscError(400, 'invalid_request', 'Missing or invalid hashes');
  }
  return value.map((h) => {
    if (typeof h !== 'string' || !b64.test(h) || Buffer.from(h, 'base64').length !== 32) {
      throw new CscError(400, 'invalid_request', 'Each hash is a base64 SHA-256 digest');
    }
    return h;
  });
}

export function createCscStandIn(options: StandInOptions): FastifyInstance {
  const now = options.now ?? (() => new Date());
  const ttlMs = (options.ttlSeconds ?? 300) * 1000;
  const byId = new Map(options.credentials.map((c) => [c.credentialID, c]));
  const transactions = new Map<string, Transaction>();
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof CscError) {
      return reply.status(error.status).send({ error: error.error, error_description: error.description });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return reply.status(status >= 400 && status < 500 ? status : 500).send({
      error: status < 500 ? 'invalid_request' : 'server_error',
      error_description: status < 500 ? 'Malformed request' : 'Internal error',
    });
  });

  const bearer = (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    return header.startsWith('Bearer ') ? header.slice(7) : '';
  };
  const client = (request: FastifyRequest) => {
    if (bearer(request) !== options.clientToken) throw new CscError(401, 'invalid_token', 'Invalid access token');
  };
  const credentialOf = (body: unknown) => {
    const credential = byId.get(stringField(body, 'credentialID'));
    if (!credential) throw new CscError(400, 'invalid_request', 'Invalid credentialID');
    return credential;
  };
  const live = (t: Transaction) => now().getTime() - t.createdAt.getTime() < ttlMs;

  app.post('/csc/v2/info', async () => ({
    specs: '2.0.0.2',
    name: 'Congso remote-signing stand-in',
    region: 'VN',
    lang: 'vi-VN',
    authType: ['oauth2client'],
    methods: [
      'credentials/list',
      'credentials/info',
      'credentials/authorize',
      'credentials/authorizeCheck',
      'signatures/signHash',
    ],
  }));

  app.post('/csc/v2/credentials/list', async (request) => {
    client(request);
    const userID = stringField(request.body, 'userID');
    return { credentialIDs: options.credentials.filter((c) => c.userID === userID).map((c) => c.credentialID) };
  });

  app.post('/csc/v2/credentials/info', async (request) => {
    client(request);
    const credential = credentialOf(request.body);
    const chain = await credential.signer.certificates();
    const cert = new X509Certificate(chain[0] as Buffer);
    const which = (request.body as { certificates?: string }).certificates ?? 'single';
    const certificates = which === 'none' ? [] : which === 'chain' ? chain : chain.slice(0, 1);
    return {
      key: { status: 'enabled', algo: RSA_OIDS, len: 2048 },
      cert: {
        status: 'valid',
        certificates: certificates.map((c) => c.toString('base64')),
        subjectDN: cert.subject.replace(/\n/g, ', '),
        issuerDN: cert.issuer.replace(/\n/g, ', '),
        serialNumber: cert.serialNumber,
        validFrom: new Date(cert.validFrom).toISOString(),
        validTo: new Date(cert.validTo).toISOString(),
      },
      authMode: 'explicit',
      SCAL: '2',
      multisign: 1,
    };
  });

  app.post('/csc/v2/credentials/authorize', async (request) => {
    client(request);
    const credential = credentialOf(request.body);
    const hashes = hashesField(request.body);
    const body = request.body as { numSignatures?: unknown; hashAlgorithmOID?: unknown; description?: unknown };
    if (body.numSignatures !== hashes.length) throw new CscError(400, 'invalid_request', 'numSignatures ≠ hashes');
    if (body.hashAlgorithmOID !== SHA256_OID) throw new CscError(400, 'invalid_request', 'SHA-256 only');
    const description = typeof body.description === 'string' ? body.description.slice(0, 500) : '';
    const id = randomBytes(16).toString('hex');
    transactions.set(id, {
      id,
      credentialID: credential.credentialID,
      hashes,
      description,
      createdAt: now(),
      status: 'pending',
    });
    return { transactionID: id, status: 'pending', expiresIn: Math.round(ttlMs / 1000) };
  });

  app.post('/csc/v2/credentials/authorizeCheck', async (request) => {
    client(request);
    const t = transactions.get(stringField(request.body, 'transactionID'));
    if (!t || !live(t)) throw new CscError(400, 'invalid_request', 'Unknown or expired transactionID');
    if (t.status === 'declined') throw new CscError(403, 'access_denied', 'The holder declined the request');
    if (t.status === 'pending') return { status: 'pending' };
    return {
      status: 'approved',
      SAD: t.sad,
      expiresIn: Math.round((ttlMs - (now().getTime() - t.createdAt.getTime())) / 1000),
    };
  });

  app.post('/csc/v2/signatures/signHash', async (request) => {
    client(request);
    const credential = credentialOf(request.body);
    const sad = stringField(request.body, 'SAD');
    const hashes = hashesField(request.body);
    const body = request.body as { hashAlgorithmOID?: unknown; signAlgo?: unknown };
    if (body.hashAlgorithmOID !== undefined && body.hashAlgorithmOID !== SHA256_OID) {
      throw new CscError(400, 'invalid_request', 'SHA-256 only');
    }
    if (typeof body.signAlgo !== 'string' || !RSA_OIDS.includes(body.signAlgo)) {
      throw new CscError(400, 'invalid_request', 'Invalid signAlgo');
    }
    const t = [...transactions.values()].find((x) => x.sad === sad);
    if (!t || t.credentialID !== credential.credentialID || !live(t) || t.sadUsed) {
      throw new CscError(400, 'invalid_request', 'Invalid SAD');
    }
    if (!hashes.every((h) => t.hashes.includes(h))) throw new CscError(400, 'invalid_request', 'Hash not authorized');
    t.sadUsed = true;
    const signatures = [];
    for (const h of hashes)
      signatures.push((await credential.signer.signDigest(Buffer.from(h, 'base64'))).toString('base64'));
    return { signatures };
  });

  // ---- the holder's phone
  const device = (request: FastifyRequest) => {
    const credentials = options.credentials.filter((c) => c.deviceToken === bearer(request));
    if (credentials.length === 0) throw new CscError(401, 'invalid_token', 'Unknown device');
    return new Set(credentials.map((c) => c.credentialID));
  };
  app.get('/phone/requests', async (request) => {
    const mine = device(request);
    return {
      requests: [...transactions.values()]
        .filter((t) => mine.has(t.credentialID) && t.status === 'pending' && live(t))
        .map((t) => ({
          transactionID: t.id,
          credentialID: t.credentialID,
          description: t.description,
          hashes: t.hashes,
        })),
    };
  });
  const decide = (decision: 'approved' | 'declined') => async (request: FastifyRequest) => {
    const mine = device(request);
    const t = transactions.get((request.params as { id: string }).id);
    if (!t || !mine.has(t.credentialID) || !live(t)) throw new CscError(404, 'invalid_request', 'No such request');
    if (t.status !== 'pending') throw new CscError(409, 'invalid_request', 'Already decided');
    t.status = decision;
    if (decision === 'approved') t.sad = randomBytes(24).toString('base64url');
    return { status: t.status };
  };
  app.post('/phone/requests/:id/approve', decide('approved'));
  app.post('/phone/requests/:id/decline', decide('declined'));
  return app;
}
