export * from './agencies.queries';
export * from './people.queries';
export * from './representatives.queries';
export * from './sessions.queries';
export * from './sso.queries';
