/**
 * `npm run national-db-stand-in`: the STAND-IN national population and business registration databases on
 * http://127.0.0.1:4620 (NATIONAL_DB_STAND_IN_PORT to change). Fictional data; not the national databases.
 */
import { startNationalDbStandIn } from './national-db-stand-in';

const port = Number(process.env.NATIONAL_DB_STAND_IN_PORT ?? 4620);
const standIn = await startNationalDbStandIn({ port });
console.log(`CSDL quốc gia về dân cư và đăng ký doanh nghiệp — BẢN GIẢ LẬP (stand-in) tại ${standIn.url}`);
console.log(`Set POPULATION_DB_URL=${standIn.url} and BUSINESS_REGISTRY_URL=${standIn.url} for Congso.`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void standIn.close().then(() => process.exit(0)));
