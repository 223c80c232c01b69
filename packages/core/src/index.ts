export * from './identity/index';
export * from './shared/index';
