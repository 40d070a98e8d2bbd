/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files from its own package folder at
  // run time, so it must stay a plain Node dependency rather than be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "pino-pretty"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
