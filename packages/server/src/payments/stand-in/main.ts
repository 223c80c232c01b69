/**
 * `npm run payment-stand-in`: the STAND-IN national payment platform on http://127.0.0.1:4600 (PORT to change),
 * with PAYMENT_PLATFORM_SECRET (default: the demo key Congso uses). Not a payment service.
 */
import { startPaymentPlatformStandIn } from './platform-stand-in';

const port = Number(process.env.PAYMENT_STAND_IN_PORT ?? 4600);
const standIn = await startPaymentPlatformStandIn({
  port,
  secret: process.env.PAYMENT_PLATFORM_SECRET ?? 'congso-demo-payment-secret',
});
console.log(`Nền tảng thanh toán — BẢN GIẢ LẬP (stand-in) tại ${standIn.url}`);
console.log(`Set PAYMENT_PLATFORM_URL=${standIn.url} for Congso.`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void standIn.close().then(() => process.exit(0)));
