#!/usr/bin/env node
// `npm run bench`: install what is missing, build if needed, then run bench/run.ts.
// Benchmarks stay out of `npm test`: they take 10-15 minutes and load the whole machine.
import { ensureChromium, ensureDependencies, run } from './lib/setup.mjs';
import { isBuilt } from './lib/build.mjs';

try {
  ensureDependencies();
  ensureChromium();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
if (!isBuilt()) {
  if (!run('npm', ['run', 'build'])) process.exit(1);
}
process.exit(run('npx', ['tsx', 'bench/run.ts']) ? 0 : 1);
