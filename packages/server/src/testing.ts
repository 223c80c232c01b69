import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importProcedures, loadDemoCatalog, seedDemoProvince } from '@congso/db';
import { createTestDatabase, type TestDatabase } from '@congso/db/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from './app';
import { loadConfig } from './config';
import { hashPassword } from './identity/passwords';
import type { AppContext } from './platform/context';
import type { Readiness } from './platform/health.routes';
import { createContext } from './platform/runtime';

export const DEMO_PASSWORD = 'Congso@2026';

/** A seeded app on a fresh database, with a clock the test moves, and request helpers. */
export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  /** The app's readiness flags (a test can put it in its shutting-down state). */
  readiness: Readiness;
  db: TestDatabase;
  clock: { now: Date; advance(ms: number): void };
  login(username: string, password?: string): Promise<string>;
  call(
    method: string,
    url: string,
    options?: { cookie?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  /** Puts these procedures of the demo catalogue in force from 1/7/2025 (tests need a few, not 1,601). */
  importDemoProcedures(...codes: string[]): Promise<void>;
  /** Uploads a file (a small real PDF unless given) as `cookie`; returns the response. */
  upload(cookie: string, file?: { name?: string; bytes?: Uint8Array; field?: string }): Promise<LightMyRequestResponse>;
  /** The e-form of an online filing: one uploaded PDF per mandatory document of the procedure in force. */
  documentsFor(cookie: string, procedureCode: string): Promise<{ index: number; name: string; fileIds: string[] }[]>;
  /**
   * A dossier the citizen `citizen` (a session cookie) filed online at `agencyId`, whose fee the clerk `clerk` then
   * asked: waiting for its fee (version 2). Fails the test if either step does not answer as expected.
   */
  fileWaitingForFee(options: {
    citizen: string;
    clerk: string;
    procedureCode: string;
    agencyId: string;
  }): Promise<{ id: string; code: string; version: number }>;
  close(): Promise<void>;
}

/** Sample files kept with the content checker's tests: a real PDF, PNG and JPEG. */
export function sampleFile(name: 'sample.pdf' | 'sample.png' | 'sample.jpg'): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../core/src/files/fixtures/${name}`, import.meta.url)));
}

/** A multipart/form-data body with one file part. */
export function multipartBody(field: string, name: string, bytes: Uint8Array, mediaType = 'application/octet-stream') {
  const boundary = `----congso${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: ${mediaType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, Buffer.from(bytes), tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const clock = {
    now: new Date('2026-11-23T02:00:00Z'),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  await seedDemoProvince(db.connection.db, { hashPassword, now: clock.now });
  const filesDir = await mkdtemp(join(tmpdir(), 'congso-files-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', FILES_DIR: filesDir, ...env }, { envFile: false });
  const ctx: AppContext = await createContext(db.connection, config, { now: () => clock.now });
  const { app, readiness } = await buildApp(ctx);
  await app.ready();
  const call: TestApp['call'] = (method, url, options = {}) => {
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    return app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(unsafe ? { 'x-congso-request': '1' } : {}),
        ...(options.cookie ? { cookie: `congso_session=${options.cookie}` } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });
  };
  const upload: TestApp['upload'] = (cookie, file = {}) => {
    const body = multipartBody(
      file.field ?? 'file',
      file.name ?? 'giay-to.pdf',
      file.bytes ?? sampleFile('sample.pdf'),
    );
    return app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { 'x-congso-request': '1', cookie: `congso_session=${cookie}`, 'content-type': body.contentType },
      payload: body.payload,
    });
  };
  const documentsFor: TestApp['documentsFor'] = async (cookie, procedureCode) => {
    const procedure = (await call('GET', `/api/v1/procedures/${procedureCode}`)).json().procedure as {
      requiredDocuments: { name: string; mandatory: boolean }[];
    };
    const documents: { index: number; name: string; fileIds: string[] }[] = [];
    for (const [index, d] of procedure.requiredDocuments.entries()) {
      if (!d.mandatory) continue;
      const res = await upload(cookie);
      if (res.statusCode !== 201) throw new Error(`upload: ${res.statusCode} ${res.body}`);
      documents.push({ index, name: d.name, fileIds: [res.json().id] });
    }
    return documents;
  };
  return {
    app,
    ctx,
    readiness,
    db,
    clock,
    call,
    async login(username, password = DEMO_PASSWORD) {
      const res = await call('POST', '/api/v1/auth/login', { body: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'congso_session');
      if (!cookie) throw new Error('no session cookie');
      return cookie.value;
    },
    upload,
    async importDemoProcedures(...codes) {
      const wanted = new Set(codes);
      await importProcedures(
        db.connection.db,
        loadDemoCatalog().filter((p) => wanted.has(p.code)),
        { validFrom: '2025-07-01', now: clock.now, actorId: null, source: 'test' },
      );
    },
    documentsFor,
    async fileWaitingForFee({ citizen, clerk, procedureCode, agencyId }) {
      const filed = await call('POST', '/api/v1/dossiers', {
        cookie: citizen,
        body: {
          procedureCode,
          receivingAgencyId: agencyId,
          applicant: { phone: '0912 345 678', address: 'Số 12 đường 30/4, phường Tân Ninh' },
          documents: await documentsFor(citizen, procedureCode),
        },
      });
      if (filed.statusCode !== 201) throw new Error(`filing: ${filed.statusCode} ${filed.body}`);
      const id = filed.json().id as string;
      const asked = await call('POST', `/api/v1/dossiers/${id}/fees`, { cookie: clerk, body: { version: 1 } });
      if (asked.json().status !== 'waiting_payment') throw new Error(`fee: ${asked.statusCode} ${asked.body}`);
      return { id, code: filed.json().code as string, version: asked.json().version as number };
    },
    async close() {
      await app.close();
      await ctx.jobs.stop();
      await db.drop();
      await rm(filesDir, { recursive: true, force: true });
    },
  };
}
