import type { Connection } from '@congso/db';
import type { Config } from '../config';

/** What every route and use case gets: the database, the configuration and the clock. */
export interface AppContext {
  connection: Connection;
  config: Config;
  /** The only clock of the server: tests pass a fixed or moving one. */
  now: () => Date;
}
