export * from './data-store';
