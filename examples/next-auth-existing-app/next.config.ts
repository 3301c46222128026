import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Loaded from node_modules at run time, not bundled: the core finds its SQL migrations next to
  // its own files, PGlite ships WASM, argon2 is a native binding, the limiter requires its
  // store drivers by a name computed at run time.
  serverExternalPackages: ["@twostep/core", "@electric-sql/pglite", "@node-rs/argon2", "rate-limiter-flexible", "pino"],
};

export default nextConfig;
