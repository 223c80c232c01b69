export * from './csv';
export * from './errors';
export * from './text';
