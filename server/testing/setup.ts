/**
 * Runs before every test file (vitest.config.mts, `setupFiles`): the harness's teardowns after
 * each test, the services' after each file. The hooks are registered here and not where the
 * helpers live: the unit project shares modules between the files of a worker (isolate: false),
 * so a hook registered when a helper module loads would belong to the first file that imported
 * it, and the teardowns of every later file would never run (their server processes outlived the
 * suite).
 */
import { afterAll, afterEach } from 'vitest';
import { runCleanups } from './harness';
import { runFileTeardowns } from './services';

afterEach(runCleanups);
afterAll(runFileTeardowns);
