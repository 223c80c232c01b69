export * from './intent';
