/**
 * Runs the built product (`node dist/server.mjs`) as a real child process, for tests that
 * must survive restarts and crashes (Vitest and Playwright both use it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BUILD_OUTPUTS, isBuilt } from '../../scripts/lib/build.mjs';

/** The workspace secret test servers use (BOARDROOM_SECRET). */
export const TEST_SECRET = 'test-workspace-secret';

/** A running server process. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
  /** Kills the process (SIGKILL unless told otherwise) and waits for it to end. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Servers still running when this process exits, killed then: a test or bench run that crashes
 * (an uncaught exception ends it) leaves no server behind to hold a port and skew the next run.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts the built server with `dataDir` (port 0 = any free one); resolves once it listens. */
export async function startServerProcess(
  dataDir: string,
  opts: { port?: number; env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<ServerProcess> {
  if (!isBuilt())
    throw new Error(`run \`npm run build\` first: one of ${BUILD_OUTPUTS.join(', ')} is missing`);
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), 'dist/server.mjs'], {
    env: {
      ...process.env,
      PORT: String(opts.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: '1',
      BOARDROOM_SECRET: TEST_SECRET,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? -1);
    }),
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /"msg":"boardroom listening","url":"([^"]+)"/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  return {
    child,
    url,
    exited,
    async stop(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
