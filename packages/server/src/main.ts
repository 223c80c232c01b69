import { ConfigError, loadConfig } from './config';
import { describeStartError, startServer } from './server';

/** `npm start`: one Congso process. */
async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(config);
  } catch (error) {
    console.error(`Không khởi động được Congso / Congso could not start:\n${describeStartError(error)}`);
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    console.log(`${signal}: đang dừng / shutting down…`);
    const force = setTimeout(() => process.exit(1), 15_000 + config.SHUTDOWN_DRAIN_SECONDS * 1000);
    force.unref();
    server.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
