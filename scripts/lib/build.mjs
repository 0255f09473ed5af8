// What `npm run build` (scripts/build.mjs) produces and `npm start` runs: shared by `npm run
// serve`, `npm run bench` and the tests' server processes (server/testing/process.ts).
import { existsSync } from 'node:fs';

/** The build's outputs: the server, its threads' programs (built beside it), the Next.js app. */
export const BUILD_OUTPUTS = [
  'dist/server.mjs',
  'dist/sqliteWorker.mjs',
  'dist/mergeWorker.mjs',
  '.next/BUILD_ID',
];

/** True when every output of the build is there. */
export function isBuilt() {
  return BUILD_OUTPUTS.every((f) => existsSync(f));
}
