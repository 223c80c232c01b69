export * from './csv';
export * from './errors';
export * from './field-issues';
export * from './field-rules';
export * from './instant';
export * from './text';
export * from './wire';
