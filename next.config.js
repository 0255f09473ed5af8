// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // unauthorized() and forbidden() render app/unauthorized.tsx and app/forbidden.tsx with 401/403.
  experimental: { authInterrupts: true },
  // The server-side render of a board page imports Yjs (the connection's module) in the process
  // whose rooms already use it: bundled, it was a second copy of Yjs, which warns at the first
  // render ("Yjs was already imported. This breaks constructor checks"). External, both are one.
  serverExternalPackages: ['yjs'],
  // `npm test` typechecks the whole project (route types included) just before it builds, and
  // says so with BOARDROOM_TYPECHECKED=1; a plain `npm run build` still checks types itself.
  typescript: { ignoreBuildErrors: process.env.BOARDROOM_TYPECHECKED === '1' },
};

module.exports = nextConfig;
