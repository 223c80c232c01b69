export * from './reference';
export * from './vietqr';
