/**
 * Runs the built product (`node dist/server.mjs`) as a real child process, for tests that
 * must survive restarts and crashes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { onCleanup } from './harness';

/** A running server process. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
}

/** True when `npm run build` has produced what `npm start` runs. */
export function isBuilt(): boolean {
  return existsSync('dist/server.mjs') && existsSync('.next/BUILD_ID');
}

/** Starts the built server on a free port with `dataDir`; resolves once it listens. */
export async function startServerProcess(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  if (!isBuilt()) throw new Error('run `npm run build` first: dist/server.mjs or .next is missing');
  const child = spawn(process.execPath, ['dist/server.mjs'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /"msg":"boardroom listening","url":"([^"]+)"/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  return { child, url, exited };
}
