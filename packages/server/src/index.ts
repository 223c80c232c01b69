export { buildApp } from './app';
export { type Config, ConfigError, loadConfig } from './config';
export { actOnDossier } from './dossiers/acting';
export { type DemoHistoryReport, seedDemoHistory } from './dossiers/demo-history';
export {
  GENERATED_HISTORY_AUDIT,
  type GeneratedHistoryReport,
  generateHistory,
  HistoryAlreadyGenerated,
} from './dossiers/generated-history';
export { resyncPortal, runPortalSync } from './exchange/portal-sync';
export { anchorGatewayLog, verifyGatewayLogOfRegistry } from './gateway/anchors';
export { gatewayLogBatcher, gatewayTimings } from './gateway/gateway-log';
export { startNationalDbStandIn } from './gateway/stand-in/national-db-stand-in';
export { hashPassword } from './identity/passwords';
export { catchUpIoc, rebuildIoc } from './ioc/ioc-upkeep';
export { drillDown, indexView, rankingView } from './ioc/ioc-views';
export { edxmlStatusCodes, registerIncomingFromPackage } from './office/incoming';
export { actOnOutgoing } from './office/outgoing';
export { reconcilePayments, startOnlinePayment } from './payments/payments.service';
export { type PaymentProvider, paymentProviders } from './payments/providers';
export { startPaymentPlatformStandIn } from './payments/stand-in/platform-stand-in';
export type { AppContext } from './platform/context';
export { createContext } from './platform/runtime';
export {
  describeStartError,
  openDatabase,
  printDemoLogins,
  seedDemoCatalog,
  seedIfWanted,
  startServer,
} from './server';
export { type DemoCertificatesReport, seedDemoCertificates } from './signing/demo-certificates';
export {
  issueRegistryCertificate,
  provinceAuthority,
  type RegistryContext,
  revokeRegistryCertificate,
} from './signing/registry';
