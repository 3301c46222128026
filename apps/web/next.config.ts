import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `next dev` serves its scripts and HMR only to localhost unless told otherwise; opened at
  // 127.0.0.1 the pages would run without JavaScript. Development only: `next start` ignores it.
  allowedDevOrigins: ["127.0.0.1"],
  // Loaded from node_modules at run time, not bundled: PGlite ships WASM and data files, the
  // others use dynamic requires or native bindings that bundling would break.
  // @twostep/core too: it finds its SQL migrations next to its own files, so Node loads it from
  // the package as any host would, rather than from a bundle.
  serverExternalPackages: [
    "@twostep/core",
    "@electric-sql/pglite",
    "@node-rs/argon2",
    "plivo",
    "ioredis",
    "postgres",
    "rate-limiter-flexible",
    "pino",
  ],
  experimental: {
    // Next copies a request's body for the proxy, by default up to 10 MB, held for as long as the
    // request lasts. The proxy reads no body over FORM_BODY_MAX_BYTES (16 KiB, src/server/body-limit.ts):
    // it refuses one, so the copy stops just past that instead of holding 10 MB per page POST.
    proxyClientMaxBodySize: 32 * 1024,
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // A reset or sign-up link carries its token in the URL: no page, image or link there sends it on (the later rule wins).
      { source: "/reset-password", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
      { source: "/sign-up/confirm", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
    ];
  },
};

export default nextConfig;
