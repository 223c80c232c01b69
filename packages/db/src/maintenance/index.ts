export * from './copy';
export * from './fingerprints';
export * from './migrations';
export * from './pglite';
