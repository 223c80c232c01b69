export * from './edxml/index';
export * from './portal-sync/index';
