export * from './certificates';
export * from './revocation';
