export { buildApp } from './app';
export { type Config, ConfigError, loadConfig } from './config';
export { actOnDossier } from './dossiers/acting';
export { type DemoHistoryReport, seedDemoHistory } from './dossiers/demo-history';
export { hashPassword } from './identity/passwords';
export { catchUpIoc, rebuildIoc } from './ioc/ioc-upkeep';
export { edxmlStatusCodes, registerIncomingFromPackage } from './office/incoming';
export { actOnOutgoing } from './office/outgoing';
export { reconcilePayments, startOnlinePayment } from './payments/payments.service';
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
