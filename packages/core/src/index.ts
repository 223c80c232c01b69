export * from './calendar/index';
export * from './identity/index';
export * from './shared/index';
export * from './dossiers/index';
export * from './catalog/index';
