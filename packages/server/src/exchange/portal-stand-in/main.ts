/**
 * `npm run portal-stand-in`: the STAND-IN national public service portal's sync adapter on http://127.0.0.1:4610
 * (PORTAL_STAND_IN_PORT to change), account PORTAL_SYNC_USERNAME / PORTAL_SYNC_PASSWORD (default the demo's).
 * Not the national portal.
 */
import { startPortalStandIn } from './portal-stand-in';

const port = Number(process.env.PORTAL_STAND_IN_PORT ?? 4610);
const standIn = await startPortalStandIn({
  port,
  username: process.env.PORTAL_SYNC_USERNAME ?? 'congso-demo',
  password: process.env.PORTAL_SYNC_PASSWORD ?? 'congso-demo-portal-password',
});
console.log(`Cổng DVCQG (đồng bộ hồ sơ) — BẢN GIẢ LẬP (stand-in) tại ${standIn.url}`);
console.log(
  `Set PORTAL_SYNC_URL=${standIn.url} PORTAL_SYNC_USERNAME=congso-demo PORTAL_SYNC_PASSWORD=congso-demo-portal-password for Congso.`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void standIn.close().then(() => process.exit(0)));
