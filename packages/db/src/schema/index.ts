export * from './audit';
export * from './catalog';
export * from './dossiers';
export * from './exchange';
export * from './files';
export * from './identity';
export * from './notifications';
export * from './settings';
