/** The build's outputs: the server, its SQLite thread's program (built beside it), the Next.js app. */
export const BUILD_OUTPUTS: readonly string[];
/** True when every output of the build is there. */
export function isBuilt(): boolean;
