/**
 * `npm run oidc-stand-in`: the STAND-IN identity provider (in place of VNeID and of the province's officers'
 * provider) on http://127.0.0.1:4700 (OIDC_STAND_IN_PORT to change). Not an identity service: fictional people.
 * Its one client is `congso-demo` / `congso-demo-oidc-secret`, with the callbacks of Congso at CONGSO_URL
 * (default http://localhost:3000; several, comma-separated).
 */
import { STAND_IN_PASSWORD, standInAccounts, startOidcStandIn } from './oidc-stand-in';

const port = Number(process.env.OIDC_STAND_IN_PORT ?? 4700);
const bases = (process.env.CONGSO_URL ?? 'http://localhost:3000,http://127.0.0.1:3000')
  .split(',')
  .map((u) => u.trim().replace(/\/+$/, ''))
  .filter(Boolean);
const clientId = process.env.OIDC_STAND_IN_CLIENT_ID ?? 'congso-demo';
const clientSecret = process.env.OIDC_STAND_IN_CLIENT_SECRET ?? 'congso-demo-oidc-secret';
const standIn = await startOidcStandIn({
  port,
  clients: [
    {
      clientId,
      clientSecret,
      redirectUris: bases.flatMap((b) => [
        `${b}/api/v1/auth/oidc/citizen/callback`,
        `${b}/api/v1/auth/oidc/officer/callback`,
      ]),
    },
  ],
});
console.log(`Nhà cung cấp định danh — BẢN GIẢ LẬP (stand-in, không phải VNeID) tại ${standIn.issuer}`);
console.log(
  `Set OIDC_CITIZEN_ISSUER=${standIn.issuer} OIDC_CITIZEN_CLIENT_ID=${clientId} OIDC_CITIZEN_CLIENT_SECRET=${clientSecret} for Congso`,
);
console.log(`(and OIDC_OFFICER_* the same for officers). Demo accounts, password ${STAND_IN_PASSWORD}:`);
for (const a of standInAccounts) console.log(`  ${a.login.padEnd(16)} ${a.name}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void standIn.close().then(() => process.exit(0)));
