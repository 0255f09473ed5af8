/**
 * Start-up: read the configuration, start Next.js and the Boardroom server on one port,
 * and shut down cleanly on SIGTERM/SIGINT.
 */
import next from 'next';
import { configFromEnv } from './config';
import { startServer } from './app';
import { log } from './log';

async function main(): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED ??= '1'; // nothing leaves the machine
  const config = configFromEnv(process.env, process.argv.slice(2));
  const nextApp = next({ dev: config.dev, dir: process.cwd(), hostname: config.host, port: config.port });
  // Next.js prepares while the server already listens: after a restart, browsers reconnect their
  // boards (sync and API need no pages) about a second sooner; page requests wait for it.
  const prepared = nextApp.prepare();
  prepared.catch(() => {}); // reported through `ready` below
  const ready = prepared.then(() => ({
    handle: nextApp.getRequestHandler(),
    upgrade: nextApp.getUpgradeHandler(),
  }));
  const server = await startServer(config, {
    pages: {
      handle: async (req, res) => (await ready).handle(req, res),
      upgrade: async (req, socket, head) => (await ready).upgrade(req, socket, head),
      close: () => nextApp.close(),
    },
  });
  ready.catch((err: unknown) => {
    log.error('start-up failed', { err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exit(1);
  });
  // The storage's name only: DATABASE_URL may hold a password.
  const storage = config.databaseUrl ? 'postgresql' : 'sqlite';
  log.info('boardroom listening', { url: server.url, dataDir: config.dataDir, storage, dev: config.dev });
  if (server.secretSource !== 'env') {
    // Like Jupyter: a one-time sign-in link for the console, printed as plain text, never logged.
    const base = config.publicUrl ?? `http://localhost:${new URL(server.url).port}`;
    process.stdout.write(
      `\n  Interviewer sign-in (one-time link): ${base}/signin?code=${server.auth.codes.issue()}\n` +
        `  The workspace secret is in ${server.secretFile}${server.secretSource === 'generated' ? ' (just created)' : ''};\n` +
        `  set BOARDROOM_SECRET to choose your own.\n\n`,
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('shutdown failed', { err: String(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  log.error('start-up failed', { err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
