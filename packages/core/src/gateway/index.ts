export * from './chain';
export * from './gateway-inputs';
