/**
 * STAND-IN for the national payment platform — NOT a payment service. It implements the API Congso calls
 * (national-platform.ts: create, pay page, signed callback, query) in memory, so the demo, the tests and the
 * benchmark pay end to end without money. Its pages say so in red on every screen. Start it with
 * `npm run payment-stand-in` (http://127.0.0.1:4600) and set PAYMENT_PLATFORM_URL to it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hasValidSignature, signFields } from '../national-platform';

export interface StandInTransaction {
  transactionId: string;
  merchantCode: string;
  reference: string;
  amount: number;
  description: string;
  returnUrl: string;
  callbackUrl: string;
  status: 'pending' | 'paid' | 'failed';
  paidAt: string | null;
}

export interface PaymentPlatformStandIn {
  url: string;
  transactions: Map<string, StandInTransaction>;
  /**
   * Ends a transaction as the payer would (paid or failed) and sends the callback: `callbacks` times
   * (0: the callback is lost, 2: it arrives twice).
   */
  complete(
    reference: string,
    options?: { status?: 'paid' | 'failed'; callbacks?: number },
  ): Promise<StandInTransaction>;
  /** Sends the signed callback of a transaction again (a late or repeated one). */
  sendCallback(reference: string): Promise<number>;
  /** The signed callback body of a transaction as it would be sent (to deliver it another way). */
  callbackBody(reference: string): Record<string, string | number | null>;
  close(): Promise<void>;
}

const BANNER =
  'BẢN GIẢ LẬP (STAND-IN) NỀN TẢNG THANH TOÁN — không phải dịch vụ thanh toán thật, không có tiền thật / a stand-in, not a real payment service';

function html(title: string, body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1a1b1e}.banner{background:#c92a2a;color:#fff;padding:12px 16px;font-weight:700}
main{max-width:480px;margin:24px auto;padding:0 16px}.card{background:#fff;border:1px solid #ced4da;border-radius:8px;padding:16px}
.amount{font-size:28px;font-weight:700}button{font-size:18px;padding:12px 16px;border-radius:6px;border:0;margin:8px 8px 0 0;cursor:pointer}
.pay{background:#1e6b30;color:#fff}.cancel{background:#e9ecef;color:#1a1b1e}dt{color:#495057;margin-top:8px}dd{margin:0;font-weight:600}</style></head>
<body><div class="banner" role="alert">${BANNER}</div><main>${body}</main></body></html>`;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const money = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 100_000) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Starts the stand-in on `port` (0: any free port) of 127.0.0.1. */
export async function startPaymentPlatformStandIn(options: {
  secret: string;
  port?: number;
  host?: string;
  /** Merchants it accepts (default: any). */
  merchants?: readonly string[];
}): Promise<PaymentPlatformStandIn> {
  const transactions = new Map<string, StandInTransaction>();
  const byId = new Map<string, StandInTransaction>();
  const signed = (fields: Record<string, string | number | null>) => ({
    ...fields,
    signature: signFields(fields, options.secret),
  });
  const view = (t: StandInTransaction) =>
    signed({
      transactionId: t.transactionId,
      reference: t.reference,
      amount: t.amount,
      status: t.status,
      paidAt: t.paidAt,
    });

  function callbackBody(reference: string) {
    const t = transactions.get(reference);
    if (!t) throw new Error(`no transaction ${reference}`);
    return signed({
      merchantCode: t.merchantCode,
      transactionId: t.transactionId,
      reference: t.reference,
      amount: t.amount,
      status: t.status,
      paidAt: t.paidAt,
    });
  }

  async function sendCallback(reference: string): Promise<number> {
    const t = transactions.get(reference);
    if (!t) throw new Error(`no transaction ${reference}`);
    const body = callbackBody(reference);
    const res = await fetch(t.callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  }

  async function complete(reference: string, o: { status?: 'paid' | 'failed'; callbacks?: number } = {}) {
    const t = transactions.get(reference);
    if (!t) throw new Error(`no transaction ${reference}`);
    if (t.status === 'pending') {
      t.status = o.status ?? 'paid';
      t.paidAt = t.status === 'paid' ? new Date().toISOString() : null;
    }
    for (let i = 0; i < (o.callbacks ?? 1); i++) await sendCallback(reference).catch(() => 0);
    return t;
  }

  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const payPage = /^\/pay\/([\w-]+)$/.exec(url.pathname);
      if (req.method === 'POST' && url.pathname === '/api/v1/transactions') {
        const body = JSON.parse(await readBody(req)) as Record<string, string | number>;
        if (!hasValidSignature(body, options.secret)) return json(res, 401, { error: 'bad signature' });
        const merchantCode = String(body.merchantCode);
        if (options.merchants && !options.merchants.includes(merchantCode))
          return json(res, 403, { error: 'merchant' });
        const reference = String(body.reference);
        let t = transactions.get(reference);
        if (!t) {
          t = {
            transactionId: `GD${randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase()}`,
            merchantCode,
            reference,
            amount: Number(body.amount),
            description: String(body.description ?? ''),
            returnUrl: String(body.returnUrl),
            callbackUrl: String(body.callbackUrl),
            status: 'pending',
            paidAt: null,
          };
          transactions.set(reference, t);
          byId.set(t.transactionId, t);
        }
        const base = `http://${req.headers.host ?? 'stand-in'}`;
        return json(
          res,
          200,
          signed({ transactionId: t.transactionId, reference, paymentUrl: `${base}/pay/${t.transactionId}` }),
        );
      }
      const query = /^\/api\/v1\/transactions\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && query) {
        const fields = Object.fromEntries(url.searchParams.entries());
        if (!hasValidSignature(fields, options.secret)) return json(res, 401, { error: 'bad signature' });
        const t = transactions.get(decodeURIComponent(query[1] ?? ''));
        if (!t) return json(res, 404, { error: 'unknown' });
        return json(res, 200, view(t));
      }
      if (payPage && req.method === 'GET') {
        const t = byId.get(payPage[1] ?? '');
        if (!t) return json(res, 404, { error: 'unknown' });
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(
          html(
            'Thanh toán (bản giả lập)',
            `<h1>Thanh toán phí, lệ phí</h1><div class="card"><dl><dt>Nội dung</dt><dd>${esc(t.description)}</dd>
<dt>Mã tham chiếu</dt><dd>${esc(t.reference)}</dd><dt>Mã giao dịch</dt><dd>${esc(t.transactionId)}</dd>
<dt>Số tiền</dt><dd class="amount">${money(t.amount)} đồng</dd><dt>Trạng thái</dt><dd>${t.status}</dd></dl>
<form method="post" action="/pay/${t.transactionId}"><button class="pay" name="result" value="paid" data-testid="stand-in-pay">Thanh toán (giả lập)</button>
<button class="cancel" name="result" value="failed" data-testid="stand-in-cancel">Hủy</button></form></div>`,
          ),
        );
      }
      if (payPage && req.method === 'POST') {
        const t = byId.get(payPage[1] ?? '');
        if (!t) return json(res, 404, { error: 'unknown' });
        const form = new URLSearchParams(await readBody(req));
        await complete(t.reference, { status: form.get('result') === 'failed' ? 'failed' : 'paid' });
        const back = new URL(t.returnUrl);
        back.searchParams.set('thanh-toan', t.status);
        res.writeHead(303, { location: back.toString() });
        return res.end();
      }
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(html('Bản giả lập', `<p>${transactions.size} giao dịch.</p>`));
      }
      return json(res, 404, { error: 'not found' });
    } catch (error) {
      return json(res, 400, { error: String(error).slice(0, 200) });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    transactions,
    complete,
    sendCallback,
    callbackBody,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
