export * from './actions';
export * from './apply-action';
export * from './dossier.policy';
export * from './dossier-code';
export * from './dossier-state';
export * from './statuses';
export * from './steps';
export * from './transitions';
