import { readConfig } from './config.js';
import { startServer } from './start-server.js';

const server = await startServer(readConfig(process.env));

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  server.app.server.log.info(`${signal} received, shutting down`);
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

process.once('SIGINT', stop);
process.once('SIGTERM', stop);
