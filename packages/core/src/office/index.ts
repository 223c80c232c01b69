export * from './action-inputs';
export * from './document-types';
export * from './incoming';
export * from './metadata';
export * from './notation';
export * from './outgoing';
export * from './registers';
export * from './work-files';
