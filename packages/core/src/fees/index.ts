export * from './amount-in-words';
export * from './assess-fee';
export * from './fee-schedule';
export * from './parse-fee-schedule';
