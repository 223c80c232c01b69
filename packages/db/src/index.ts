export * from './audit/audit.queries';
export * from './catalog/catalog.queries';
export * from './connection';
export * from './dossiers/dossiers.queries';
export * from './identity/index';
export * from './lock';
export * from './migrate';
export * as schema from './schema/index';
export * from './seed/demo-province';
