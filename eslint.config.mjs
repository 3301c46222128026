import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const framework = ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*", "next-auth", "next-auth/*"];
// A package is a promise: only its entry points (package.json "exports") are public.
const deepImports = {
  group: ["@twostep/*/src", "@twostep/*/src/*", "@twostep/*/dist/*", "**/packages/*/src/**", "**/packages/*/dist/**"],
  message: "Import a package only through its public entry points (@twostep/core, @twostep/core/sql, …).",
};
const drivers = ["drizzle-orm", "drizzle-orm/*", "ioredis", "postgres", "plivo", "@electric-sql/pglite", "@electric-sql/pglite/*", "@node-rs/argon2", "rate-limiter-flexible"];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    settings: { next: { rootDir: "apps/web/" } },
  },
  {
    files: ["packages/core/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: framework, message: "@twostep/core is framework-free: it must run in any Node app." }] },
      ],
    },
  },
  {
    // The use cases see storage and delivery only through ports/: never an adapter or a driver.
    files: ["packages/core/src/{challenge,two-factor,pumping,sessions,totp,code,phone,sms,limits}/**/*.ts", "packages/core/src/*.ts"],
    ignores: ["packages/core/src/limits/wrap-limiter.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: framework, message: "@twostep/core is framework-free: it must run in any Node app." },
            { group: ["**/adapters/**", "**/config/create-from-config*", ...drivers], message: "Use cases import ports (src/ports), never adapters or drivers." },
          ],
        },
      ],
    },
  },
  {
    files: ["packages/graphql/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: framework, message: "@twostep/graphql serves any graphql-yoga server: no Next.js, React or Auth.js." }, deepImports] },
      ],
    },
  },
  {
    files: ["apps/**/*.{ts,tsx}", "examples/**/*.{ts,tsx,js,mjs}", "packages/next-auth/src/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [deepImports] }] },
  },
  {
    // Shared by the Redwood and Cedar examples, each of which pins its own framework and graphql-yoga.
    files: ["examples/graphql-api-common/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@redwoodjs/*", "@cedarjs/*", "graphql-yoga", "graphql-yoga/*"], message: "graphql-api-common serves both examples: no framework, no graphql-yoga." }, deepImports] },
      ],
    },
  },
  {
    rules: {
      // Codes and tokens need crypto; Math.random is never right in product code.
      "no-restricted-properties": ["error", { object: "Math", property: "random", message: "Use node:crypto." }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  globalIgnores([
    "**/.next/**",
    "**/node_modules/**",
    "**/.data/**",
    "**/dist/**",
    "bench/results/**",
    "**/next-env.d.ts",
    "scratch/**",
    "test-results/**",
  ]),
]);
