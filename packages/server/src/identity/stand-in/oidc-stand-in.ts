/**
 * STAND-IN for the national identity provider (VNeID) — NOT an identity service. A real OpenID Connect provider
 * (the `oidc-provider` package: discovery, JWKS, authorization code with PKCE S256 required, signed ID tokens)
 * whose accounts are fictional demo people, so the demo, the tests and the journeys sign in end to end without a
 * real identity. Its pages say so in red. Start it with `npm run oidc-stand-in` (http://127.0.0.1:4700) and set
 * OIDC_CITIZEN_ISSUER (and, for officers, OIDC_OFFICER_ISSUER) to it.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

export interface StandInAccount {
  /** The provider's subject for this person (opaque, stable). */
  sub: string;
  /** What one types in the stand-in's form: the national id (citizens) or the username (officers). */
  login: string;
  name: string;
  /** Citizens: the 12-digit national id (claim `national_id`). */
  nationalId?: string;
  /** Officers: the username at the province (claim `preferred_username`). */
  username?: string;
  email?: string;
  birthdate?: string;
}

/** The one password of every demo account (shown on the stand-in's form: nothing here is secret). */
export const STAND_IN_PASSWORD = 'vneid-demo';

/**
 * Fictional people. The first three citizens are the demo province's citizen accounts (same national ids and
 * names); Phạm Thu Trang has no Congso account yet (her first sign-in opens one). The officers are demo officers.
 */
export const standInAccounts: readonly StandInAccount[] = [
  {
    sub: 'vneid-demo-0001',
    login: '072090001234',
    name: 'Nguyễn Thị Hoa',
    nationalId: '072090001234',
    birthdate: '1990-03-14',
    email: 'hoa.nguyen@example.vn',
  },
  {
    sub: 'vneid-demo-0002',
    login: '080195004321',
    name: 'Trần Văn Nam',
    nationalId: '080195004321',
    birthdate: '1995-08-02',
  },
  {
    sub: 'vneid-demo-0003',
    login: '079203000111',
    name: 'Lê Minh Khang',
    nationalId: '079203000111',
    birthdate: '2003-01-20',
  },
  {
    sub: 'vneid-demo-0004',
    login: '072301005678',
    name: 'Phạm Thu Trang',
    nationalId: '072301005678',
    birthdate: '2001-11-09',
  },
  { sub: 'province-sso-0101', login: 'motcua.tanninh', name: 'Châu Ngọc Ánh', username: 'motcua.tanninh' },
  { sub: 'province-sso-0102', login: 'admin', name: 'Quản trị hệ thống', username: 'admin' },
];

export interface StandInClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface OidcStandIn {
  /** The issuer (no trailing slash). */
  issuer: string;
  provider: Provider;
  close(): Promise<void>;
}

const BANNER =
  'BẢN GIẢ LẬP (STAND-IN) NHÀ CUNG CẤP ĐỊNH DANH — không phải VNeID, chỉ có người minh họa / a stand-in identity provider, not VNeID: fictional people only';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1a1b1e}.banner{background:#c92a2a;color:#fff;padding:12px 16px;font-weight:700}
main{max-width:460px;margin:24px auto;padding:0 16px}.card{background:#fff;border:1px solid #ced4da;border-radius:8px;padding:16px}
label{display:block;margin-top:12px;font-weight:600}input{box-sizing:border-box;width:100%;font-size:17px;padding:10px;margin-top:4px;border:1px solid #868e96;border-radius:6px}
button{font-size:17px;padding:12px 16px;border-radius:6px;border:0;margin-top:16px;background:#1864ab;color:#fff;cursor:pointer;width:100%}
.error{color:#c92a2a;font-weight:600}table{border-collapse:collapse;margin-top:8px;font-size:15px}td,th{border:1px solid #ced4da;padding:4px 6px;text-align:left}</style></head>
<body><div class="banner" role="alert">${BANNER}</div><main>${body}</main></body></html>`;
}

function loginForm(uid: string, clientName: string, error: string | null, login = ''): string {
  const rows = standInAccounts.map((a) => `<tr><td>${esc(a.login)}</td><td>${esc(a.name)}</td></tr>`).join('');
  return page(
    'Đăng nhập — bản giả lập',
    `<div class="card"><h1>Đăng nhập (bản giả lập)</h1><p>${esc(clientName)} đề nghị xác thực danh tính của bạn. / ${esc(clientName)} asks who you are.</p>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login">
<label for="login">Số định danh cá nhân hoặc tên đăng nhập / National id or username</label>
<input id="login" name="login" autocomplete="username" required value="${esc(login)}">
<label for="password">Mật khẩu / Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Đăng nhập / Sign in</button></form>
<p>Mật khẩu của mọi tài khoản minh họa / every demo account's password: <strong>${STAND_IN_PASSWORD}</strong></p>
<table><thead><tr><th>Đăng nhập</th><th>Họ tên</th></tr></thead><tbody>${rows}</tbody></table></div>`,
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 10_000) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function claimsOf(account: StandInAccount): { sub: string; [claim: string]: string } {
  const claims: { sub: string; [claim: string]: string } = { sub: account.sub, name: account.name };
  if (account.nationalId) claims.national_id = account.nationalId;
  if (account.username) claims.preferred_username = account.username;
  if (account.email) claims.email = account.email;
  if (account.birthdate) claims.birthdate = account.birthdate;
  return claims;
}

/** Starts the stand-in on `port` (0: any free port) of `host`; the issuer is its own address unless given. */
export async function startOidcStandIn(options: {
  clients: StandInClient[];
  port?: number;
  host?: string;
  /** The signing key (a private JWK with `kid`, RS256 or ES256); a fresh RSA key when absent. */
  signingKey?: JWK;
  accounts?: readonly StandInAccount[];
  /** ID token lifetime in seconds (default 600). */
  idTokenTtl?: number;
}): Promise<OidcStandIn> {
  const accounts = options.accounts ?? standInAccounts;
  const host = options.host ?? '127.0.0.1';
  let signingKey = options.signingKey;
  if (!signingKey) {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    signingKey = {
      ...(await exportJWK(privateKey)),
      kid: `stand-in-${randomBytes(4).toString('hex')}`,
      alg: 'RS256',
      use: 'sig',
    };
  }
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server: Server = createServer((req, res) => {
    if (handler) handler(req, res);
    else {
      res.statusCode = 503;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host}:${port}`;
  const configuration: Configuration = {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      client_name: 'Congso',
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      profile: ['name', 'birthdate', 'national_id', 'preferred_username'],
      email: ['email'],
    },
    // The claims of the scopes asked for go into the ID token itself (signed): no userinfo call needed.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      IdToken: options.idTokenTtl ?? 600,
      AccessToken: 600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    async findAccount(_ctx, sub) {
      const account = accounts.find((a) => a.sub === sub);
      if (!account) return undefined;
      return { accountId: account.sub, claims: async () => claimsOf(account) };
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page(
        'Lỗi / Error',
        `<div class="card"><h1>Lỗi / Error</h1><p>${esc(String(out.error))}: ${esc(String(out.error_description ?? ''))}</p></div>`,
      );
    },
  };
  const provider = new Provider(issuer, configuration);
  // Composed per request, so middleware a test adds with `provider.use` after the start takes part.
  handler = (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (!match) {
      provider.callback()(req, res);
      return;
    }
    void interaction(req, res, match[1] as string, !!match[2]).catch((error) => {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        page('Lỗi / Error', `<div class="card"><p class="error">${esc(String((error as Error).message))}</p></div>`),
      );
    });
  };

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, submitted: boolean) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    const clientName = 'Congso';
    if (!submitted || req.method !== 'POST') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(loginForm(uid, clientName, null));
      return;
    }
    const form = await readForm(req);
    const typed = (form.get('login') ?? '').trim().toLowerCase();
    // National ids are typed with spaces or dots: 072 090 001 234.
    const login = /^[\d\s.]+$/.test(typed) ? typed.replace(/[\s.]/g, '') : typed;
    const account = accounts.find((a) => a.login.toLowerCase() === login);
    if (!account || form.get('password') !== STAND_IN_PASSWORD) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(loginForm(uid, clientName, 'Sai thông tin đăng nhập / Wrong login or password', form.get('login') ?? ''));
      return;
    }
    const grant = new provider.Grant({ accountId: account.sub, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.sub }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  return {
    issuer,
    provider,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
