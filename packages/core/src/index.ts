export * from './calendar/index';
export * from './catalog/index';
export * from './dossiers/index';
export * from './exchange/index';
export * from './files/index';
export * from './identity/index';
export * from './shared/index';
export * from './signing/index';
