export * from './audit';
export * from './catalog';
export * from './dossiers';
export * from './identity';
export * from './settings';
