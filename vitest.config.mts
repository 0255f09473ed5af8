import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{lib,server,components,app,scripts}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time on this project's 2-core machines: most integration tests wait on child
    // servers and sockets, so two overlap well (measured in the issue-10 closing note).
    maxWorkers: 2,
  },
});
