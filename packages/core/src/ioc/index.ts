export * from './alerts';
export * from './facts';
export * from './measures';
export * from './periods';
export * from './reasons';
export * from './scheme';
export * from './score';
