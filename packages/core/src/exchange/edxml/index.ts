export * from './base64';
export * from './codec';
export * from './issues';
export * from './sample';
export * from './types';
export * from './validate';
