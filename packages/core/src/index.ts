export * from './identity/index';
export * from './shared/index';
export * from './calendar/index';
