// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // unauthorized() and forbidden() render app/unauthorized.tsx and app/forbidden.tsx with 401/403.
  experimental: { authInterrupts: true },
};

module.exports = nextConfig;
