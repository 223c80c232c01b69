/**
 * STAND-IN for the national public service portal's sync adapter (Cổng DVCQG) — NOT the portal. It speaks the
 * calls Congso makes (REFERENCES 2.1): POST /auth `{username, password}` → `{session, error_code: 0}`, then POST
 * /share `{service, isUpdating, data}` with the session, answered `{error_code: 0}` or, for a payload that breaks
 * the field rules or code lists (core's validators), `{error_code: -1, message, details}` (400). A call repeated
 * under the same `Idempotency-Key` is answered as the first without being recorded again. It records what it
 * received (in memory, and at GET /stand-in/received for a look) and can be made unavailable (503) for tests.
 * Start it with `npm run portal-stand-in` (http://127.0.0.1:4610) and set PORTAL_SYNC_URL to it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type FieldIssue,
  type PortalDossier,
  type PortalProgress,
  type PortalRequest,
  validatePortalRequest,
} from '@congso/core';

export interface PortalReceived {
  /** Order of arrival (1, 2, …) among the calls recorded. */
  seq: number;
  idempotencyKey: string | null;
  service: PortalRequest['service'];
  isUpdating: boolean;
  data: PortalDossier[] | PortalProgress[];
  at: string;
}

export interface PortalStandIn {
  url: string;
  /** Every call recorded, in order of arrival (repeats of a key are not recorded again). */
  received: PortalReceived[];
  /** The last record of each dossier by MaHoSo (what the portal would show). */
  dossiers: Map<string, PortalDossier>;
  /** The progress steps of each dossier by MaHoSo, in order of arrival. */
  progress: Map<string, PortalProgress[]>;
  /** Calls answered 503 (unavailable), refused (400, 401) and repeated keys. */
  counts: { unavailable: number; refused: number; repeated: number };
  /** Makes the stand-in answer 503 to every call (the portal down) or serve again. */
  setAvailable(available: boolean): void;
  /**
   * Holds the answer to the next `n` share calls that would be recorded (they are recorded, the answer never
   * comes): a sender killed after its call arrived. `release` ends the held connections.
   */
  holdAnswers(n: number): void;
  release(): void;
  close(): Promise<void>;
}

const BANNER =
  'BẢN GIẢ LẬP (STAND-IN) CỔNG DỊCH VỤ CÔNG QUỐC GIA — không phải Cổng DVCQG / a stand-in, not the national portal';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 10_000_000) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-stand-in': 'portal' });
  res.end(JSON.stringify(body));
}

const refusal = (message: string, details?: FieldIssue[]) => ({
  error_code: -1,
  message,
  ...(details ? { details } : {}),
});

/** Starts the stand-in on `port` (0: any free port) of 127.0.0.1 with one account. */
export async function startPortalStandIn(options: {
  username: string;
  password: string;
  port?: number;
  host?: string;
}): Promise<PortalStandIn> {
  const sessions = new Set<string>();
  const answers = new Map<string, { status: number; body: unknown }>();
  const received: PortalReceived[] = [];
  const dossiers = new Map<string, PortalDossier>();
  const progress = new Map<string, PortalProgress[]>();
  const counts = { unavailable: 0, refused: 0, repeated: 0 };
  const held: ServerResponse[] = [];
  let available = true;
  let hold = 0;

  function record(key: string | null, request: PortalRequest): { status: number; body: unknown } {
    if (request.service === 'DongBoHoSoMC') {
      for (const d of request.data) {
        const exists = dossiers.has(d.MaHoSo);
        if (!request.isUpdating && exists)
          return { status: 200, body: { error_code: -3, message: `Hồ sơ ${d.MaHoSo} đã tồn tại.` } };
        if (request.isUpdating && !exists)
          return { status: 200, body: { error_code: -4, message: `Hồ sơ ${d.MaHoSo} không tồn tại.` } };
      }
      for (const d of request.data) dossiers.set(d.MaHoSo, d);
    } else {
      for (const p of request.data) {
        if (!dossiers.has(p.MaHoSo))
          return { status: 200, body: { error_code: -4, message: `Hồ sơ ${p.MaHoSo} không tồn tại.` } };
      }
      for (const p of request.data) progress.set(p.MaHoSo, [...(progress.get(p.MaHoSo) ?? []), p]);
    }
    received.push({
      seq: received.length + 1,
      idempotencyKey: key,
      service: request.service,
      isUpdating: request.isUpdating,
      data: request.data,
      at: new Date().toISOString(),
    });
    return { status: 200, body: { error_code: 0, message: 'Thành công' } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${BANNER}\nPOST /auth, POST /share, GET /stand-in/received?MaHoSo=…\n`);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/stand-in/received') {
      const code = url.searchParams.get('MaHoSo');
      const list = code
        ? received.filter((r) => (r.data as { MaHoSo: string }[]).some((d) => d.MaHoSo === code))
        : received;
      json(res, 200, { standIn: BANNER, received: list });
      return;
    }
    if (!available) {
      counts.unavailable++;
      json(res, 503, { error_code: 503, message: 'Hệ thống đang bảo trì (stand-in unavailable).' });
      return;
    }
    if (req.method !== 'POST') {
      json(res, 405, refusal('Method not allowed'));
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      counts.refused++;
      json(res, 400, refusal('Nội dung không phải JSON hợp lệ.'));
      return;
    }
    if (url.pathname === '/auth') {
      const b = body as { username?: unknown; password?: unknown };
      if (b.username !== options.username || b.password !== options.password) {
        counts.refused++;
        json(res, 401, { error_code: 401, message: 'Sai tài khoản hoặc mật khẩu.' });
        return;
      }
      const session = randomUUID();
      sessions.add(session);
      json(res, 200, { session, error_code: 0 });
      return;
    }
    if (url.pathname !== '/share') {
      json(res, 404, refusal('Không tìm thấy dịch vụ.'));
      return;
    }
    const session = req.headers.session;
    if (typeof session !== 'string' || !sessions.has(session)) {
      counts.refused++;
      json(res, 401, { error_code: 401, message: 'Phiên làm việc không hợp lệ.' });
      return;
    }
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    const earlier = key ? answers.get(key) : undefined;
    if (earlier) {
      counts.repeated++;
      json(res, earlier.status, earlier.body);
      return;
    }
    const issues = validatePortalRequest(body);
    if (issues.length > 0) {
      counts.refused++;
      json(res, 400, refusal('Dữ liệu không hợp lệ.', issues));
      return;
    }
    const answer = record(key, body as PortalRequest);
    if (key && (answer.body as { error_code: number }).error_code === 0) answers.set(key, answer);
    if (hold > 0) {
      hold--;
      held.push(res);
      return;
    }
    json(res, answer.status, answer.body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => json(res, 500, refusal('Lỗi hệ thống.')));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const release = () => {
    for (const res of held.splice(0)) res.destroy();
  };
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    received,
    dossiers,
    progress,
    counts,
    setAvailable(value) {
      available = value;
    },
    holdAnswers(n) {
      hold = n;
    },
    release,
    async close() {
      release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
