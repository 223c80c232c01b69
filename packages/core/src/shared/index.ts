export * from './errors';
export * from './text';
