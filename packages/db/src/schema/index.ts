export * from './audit';
export * from './catalog';
export * from './identity';
export * from './settings';
