export * from './codes';
export * from './map';
export * from './portal-date';
export * from './types';
export * from './validate';
