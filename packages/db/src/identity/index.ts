export * from './agencies.queries';
export * from './people.queries';
export * from './sessions.queries';
