export * from './ii06a';
export * from './indicators';
export * from './periods';
export * from './programme';
export * from './rates';
export * from './state';
