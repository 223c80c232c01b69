export * from './reference';
export * from './statement';
export * from './vietqr';
