export * from './csv';
export * from './errors';
export * from './instant';
export * from './text';
