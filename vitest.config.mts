import { defineConfig } from 'vitest/config';

const ALL = ['{lib,server,components,app,scripts}/**/*.test.ts'];
// Fault tests start real server processes (20 kill -9 cycles, three instances with PostgreSQL and
// Redis, 100,000 hostile frames) and measure memory and latency: they run one at a time, after
// the rest (`npm test` runs them as a stage of their own, before the browser tests).
const FAULTS = ['server/faults/**/*.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Teardown hooks for every file (a shared module's own hooks would run for one file only).
    setupFiles: ['server/testing/setup.ts'],
    projects: [
      {
        extends: true,
        // Two files at a time: most integration tests wait on servers and sockets, so two overlap well.
        // Files share their worker's module cache (isolate: false): loading the server's modules
        // (tldraw's schema, zod, Yjs) once per file was half of this project's CPU time (measured:
        // 76 s and 106 s CPU isolated, 40 s and 46 s shared). No test changes the environment or
        // a global without restoring it; the fault tests below, which measure, keep isolation.
        test: { name: 'unit', include: ALL, exclude: FAULTS, maxWorkers: 2, isolate: false },
      },
      {
        extends: true,
        test: { name: 'faults', include: FAULTS, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
