import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';

/**
 * Configuration from the environment (and a `.env` file in the working directory), validated at
 * start: a bad setting stops the server with a clear message instead of a half-started process.
 */
const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** A read replica for reporting queries (dossier counts, dossier books); PostgreSQL only, with DATABASE_URL. */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed the demo province on an empty database: auto = only on the embedded database. */
  SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .min(0.05)
    .max(24 * 30)
    .default(12),
  /** Secure cookies: default on in production (behind HTTPS), off otherwise (http://localhost). */
  COOKIE_SECURE: boolish.optional(),
  /** Trust X-Forwarded-For from a proxy in front (nginx). */
  TRUST_PROXY: boolish.default(false),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .min(0.01)
    .max(24 * 60)
    .default(15),
  /**
   * Public lookup (code + last 4 phone digits): requests per client address per minute, and wrong answers
   * per dossier code per hour (after which that code answers 429 to everyone until the hour ends). Counted
   * in each process's memory; nginx `limit_req` in front complements them. 0 turns a limit off.
   */
  LOOKUP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000_000).default(30),
  LOOKUP_CODE_FAILURES_PER_HOUR: z.coerce.number().int().min(0).max(1_000_000_000).default(10),
  /**
   * The search's anonymous learning signals (a procedure chosen after a search, a search refined at once):
   * requests per client address per minute, so that a bot cannot steer the ranking. 0 turns it off.
   */
  SEARCH_SIGNALS_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000_000).default(20),
  WEB_DIST: z.string().optional(),
  /** Uploaded files: a folder (shared by all processes); default `<DATA_DIR>/files`. */
  FILES_DIR: z.string().min(1).optional(),
  /** Where the bytes of uploads live: `folder` (FILES_DIR) or `s3` (an S3-compatible bucket, the S3_* settings). */
  STORAGE: z.enum(['folder', 's3']).default('folder'),
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name (3-63 of a-z 0-9 . -)')
    .optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** `http://endpoint/bucket/key` (MinIO, Ceph, s3rver) rather than `http://bucket.endpoint/key`. */
  S3_FORCE_PATH_STYLE: boolish.default(true),
  /** Largest accepted upload, per file. */
  MAX_UPLOAD_MB: z.coerce.number().min(0.1).max(100).default(10),
  /** SMTP for e-mails to applicants (smtp:// or smtps://user:password@host:port); without it they stay in the outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Congso <no-reply@congso.invalid>'),
  /** Run the job workers in this process (on by default; off for processes that only serve requests). */
  JOB_WORKERS: boolish.default(true),
  /**
   * On SIGTERM, keep serving this long (answering `Connection: close`, /readyz 503) before closing, so the load
   * balancer moves its connections elsewhere without a request lost. Default 3 in production, else 0.
   */
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(60).optional(),
  /** This installation's exchange key (PKCS#8 PEM: Ed25519, EC or RSA), as a file or, for tests, the PEM itself. */
  EXCHANGE_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  EXCHANGE_PRIVATE_KEY: z.string().min(1).optional(),
  /** Largest edXML package taken by the exchange endpoint (the body is refused past it before being read). */
  EXCHANGE_MAX_PACKAGE_MB: z.coerce.number().min(1).max(200).default(48),
  /** An RFC 3161 timestamp authority for signatures; without it, the one this server runs (POST /tsa). */
  TSA_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  /** Largest PDF the public signature check reads. */
  VERIFY_MAX_MB: z.coerce.number().min(0.1).max(100).default(20),
  /** Public signature checks per client address per minute (0: no limit). */
  VERIFY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  /**
   * Encrypts the private keys of the province's test CA and of the certificates it issues (PKCS#8, PBES2,
   * AES-256-CBC). Required in production; elsewhere a demo passphrase is used (never for real keys).
   */
  SIGNING_KEY_PASSPHRASE: z.string().min(12, 'at least 12 characters').optional(),
  /**
   * The address the public reaches this installation at (no trailing slash): written into issued certificates as
   * the CRL (`<url>/pki/issuing.crl`) and OCSP (`<url>/pki/ocsp`) addresses. Default http://localhost:<PORT>.
   */
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /**
   * The national payment platform (its API: create a transaction, redirect, signed callback, query). Without
   * a URL online payment by the platform is off; `npm run payment-stand-in` starts the repository's stand-in
   * (http://127.0.0.1:4600, merchant CONGSO-DEMO, the demo secret below).
   */
  PAYMENT_PLATFORM_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  PAYMENT_PLATFORM_MERCHANT: z.string().min(1).max(50).default('CONGSO-DEMO'),
  /** The HMAC-SHA256 key shared with the platform (requests, callbacks, queries). Required in production. */
  PAYMENT_PLATFORM_SECRET: z.string().min(16, 'at least 16 characters').default('congso-demo-payment-secret'),
  /** The collection account of fees collected by the receiving agency (VietQR): bank BIN, number, name. */
  PAYMENT_ACCOUNT_BIN: z
    .string()
    .regex(/^\d{6}$/, 'six digits')
    .default('970415'),
  PAYMENT_ACCOUNT_NUMBER: z
    .string()
    .regex(/^[0-9A-Za-z]{1,19}$/, '1-19 letters or digits')
    .default('113000000001'),
  PAYMENT_ACCOUNT_NAME: z.string().min(1).max(100).default('TAI KHOAN THU PHI LE PHI (MINH HOA)'),
  /** Pending online payments older than this are asked of the platform by the reconciliation (seconds). */
  PAYMENT_RECONCILE_AFTER_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** How often the job workers run the reconciliation (seconds; 0: never, run it with the CLI). */
  PAYMENT_RECONCILE_EVERY_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /**
   * Citizens' sign-in through an OpenID Connect provider (VNeID nationally; `npm run oidc-stand-in` for the demo):
   * its issuer (discovery at `<issuer>/.well-known/openid-configuration`) and this installation's client. Without
   * an issuer the sign-in page offers only the password. The redirect URI to register at the provider is
   * `<PUBLIC_BASE_URL>/api/v1/auth/oidc/citizen/callback`.
   */
  OIDC_CITIZEN_ISSUER: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  OIDC_CITIZEN_CLIENT_ID: z.string().min(1).max(200).optional(),
  OIDC_CITIZEN_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  /** The provider's name on the sign-in button ("Đăng nhập bằng VNeID"). */
  OIDC_CITIZEN_DISPLAY_NAME: z.string().min(1).max(60).default('VNeID'),
  /** The ID token claim holding the citizen's verified national id (12 digits). */
  OIDC_CITIZEN_NATIONAL_ID_CLAIM: z.string().min(1).max(100).default('national_id'),
  /**
   * Officers' sign-in through the province's own OpenID Connect provider (optional): an officer account must
   * exist; the claim below names its username (else the `email` claim its e-mail). Redirect URI:
   * `<PUBLIC_BASE_URL>/api/v1/auth/oidc/officer/callback`.
   */
  OIDC_OFFICER_ISSUER: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  OIDC_OFFICER_CLIENT_ID: z.string().min(1).max(200).optional(),
  OIDC_OFFICER_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  OIDC_OFFICER_DISPLAY_NAME: z.string().min(1).max(60).default('tài khoản công vụ'),
  OIDC_OFFICER_USERNAME_CLAIM: z.string().min(1).max(100).default('preferred_username'),
  /**
   * The national public service portal's sync adapter (REFERENCES 2.1: POST `<url><auth path>` with the
   * account, then `<url><share path>` with DongBoHoSoMC / CapNhatTienDoHoSoMC). Without a URL, or with
   * PORTAL_SYNC_ENABLED=false, nothing is sent: the outbox still records every change. `npm run portal-stand-in`
   * starts the repository's stand-in (http://127.0.0.1:4610, account congso-demo / the demo password).
   */
  PORTAL_SYNC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  PORTAL_SYNC_ENABLED: boolish.default(true),
  PORTAL_SYNC_USERNAME: z.string().min(1).max(200).optional(),
  PORTAL_SYNC_PASSWORD: z.string().min(1).max(200).optional(),
  PORTAL_SYNC_AUTH_PATH: z
    .string()
    .regex(/^\/[\w\-./]*$/, 'a path starting with /')
    .default('/auth'),
  PORTAL_SYNC_SHARE_PATH: z
    .string()
    .regex(/^\/[\w\-./]*$/, 'a path starting with /')
    .default('/share'),
  /** Attempts of one change before it is dead (an administrator replays it). */
  PORTAL_SYNC_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  PORTAL_SYNC_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
  /**
   * The national population database and the national business registration database, as the province's
   * data-sharing gateway reaches them (services `csdl-dan-cu` and `dang-ky-doanh-nghiep`). Without a URL the
   * lookups answer NATIONAL_DB_UNAVAILABLE; `npm run national-db-stand-in` starts the repository's STAND-IN
   * (http://127.0.0.1:4620, both).
   */
  POPULATION_DB_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  BUSINESS_REGISTRY_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /** Lifetime of a gateway access token (client_credentials), seconds. */
  GATEWAY_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  /** How often the job workers anchor the gateway log with the province seal (seconds; 0: only on demand). */
  GATEWAY_ANCHOR_EVERY_SECONDS: z.coerce.number().int().min(0).max(86_400).default(3600),
  /** First retry delay of a failed job (e-mail, exchange), doubled at each retry. */
  JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
});

/** Settings that only make sense together, each missing one named (vi / en). */
function crossChecks(c: z.infer<typeof schema>, ctx: z.RefinementCtx) {
  if (c.STORAGE === 's3') {
    for (const key of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!c[key]) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'bắt buộc khi STORAGE=s3 / required when STORAGE=s3' });
      }
    }
  }
  if (c.NODE_ENV === 'production' && !c.SIGNING_KEY_PASSPHRASE) {
    ctx.addIssue({
      code: 'custom',
      path: ['SIGNING_KEY_PASSPHRASE'],
      message:
        "bắt buộc khi NODE_ENV=production (mật khẩu mã hóa khóa bí mật của chứng thư số) / required when NODE_ENV=production (it encrypts the certificates' private keys)",
    });
  }
  if (
    c.NODE_ENV === 'production' &&
    c.PAYMENT_PLATFORM_URL &&
    c.PAYMENT_PLATFORM_SECRET === 'congso-demo-payment-secret'
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['PAYMENT_PLATFORM_SECRET'],
      message:
        'không dùng khóa minh họa khi NODE_ENV=production / the demo key is not allowed when NODE_ENV=production',
    });
  }
  for (const who of ['CITIZEN', 'OFFICER'] as const) {
    if (!c[`OIDC_${who}_ISSUER`]) continue;
    for (const key of [`OIDC_${who}_CLIENT_ID`, `OIDC_${who}_CLIENT_SECRET`] as const) {
      if (!c[key]) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `bắt buộc khi có OIDC_${who}_ISSUER / required with OIDC_${who}_ISSUER`,
        });
      }
    }
  }
  if (c.DATABASE_READ_URL && !c.DATABASE_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_READ_URL'],
      message:
        'chỉ dùng được cùng DATABASE_URL (PostgreSQL), không dùng với cơ sở dữ liệu nhúng / only used with DATABASE_URL (PostgreSQL), not with the embedded database',
    });
  }
}

/** Every setting's name (the env example in deploy/ is checked against it). */
export const configKeys = Object.keys(schema.shape);

export type Config = Omit<
  z.infer<typeof schema>,
  'COOKIE_SECURE' | 'SHUTDOWN_DRAIN_SECONDS' | 'SIGNING_KEY_PASSPHRASE' | 'PUBLIC_BASE_URL'
> & {
  COOKIE_SECURE: boolean;
  SHUTDOWN_DRAIN_SECONDS: number;
  SIGNING_KEY_PASSPHRASE: string;
  PUBLIC_BASE_URL: string;
};

/** The demo's key passphrase (outside production only): it protects nothing real, and says so. */
export const DEMO_SIGNING_KEY_PASSPHRASE = 'congso-demo-only-NOT-SECRET';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cấu hình không hợp lệ / Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { envFile?: string | false } = {}): Config {
  const envFile = options.envFile === undefined ? resolve('.env') : options.envFile;
  // The environment wins over the file, as usual.
  const merged: NodeJS.ProcessEnv =
    envFile && existsSync(envFile) ? { ...parseEnv(readFileSync(envFile, 'utf8')), ...env } : env;
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = merged[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const parsed = schema.superRefine(crossChecks).safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const c = parsed.data;
  return {
    ...c,
    COOKIE_SECURE: c.COOKIE_SECURE ?? c.NODE_ENV === 'production',
    SHUTDOWN_DRAIN_SECONDS: c.SHUTDOWN_DRAIN_SECONDS ?? (c.NODE_ENV === 'production' ? 3 : 0),
    SIGNING_KEY_PASSPHRASE: c.SIGNING_KEY_PASSPHRASE ?? DEMO_SIGNING_KEY_PASSPHRASE,
    PUBLIC_BASE_URL: c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`,
  };
}
