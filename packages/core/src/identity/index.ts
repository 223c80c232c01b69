export * from './agency-code';
export * from './national-id';
export * from './password';
export * from './policy';
export * from './representation';
export * from './roles';
export * from './tax-code';
