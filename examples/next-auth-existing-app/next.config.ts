import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Loaded from node_modules at run time, not bundled: the core finds its SQL migrations next to
  // its own files, PGlite ships WASM, argon2 is a native binding.
  serverExternalPackages: ["@twostep/core", "@electric-sql/pglite", "@node-rs/argon2", "pino"],
};

export default nextConfig;
