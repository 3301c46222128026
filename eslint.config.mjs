import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const frameworkImports = {
  patterns: [
    {
      group: ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*", "next-auth", "next-auth/*", "@/app/*", "@/server/*"],
      message: "src/core is framework-free: it must run in any Node app. Put web wiring in src/server.",
    },
  ],
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ["src/core/**/*.ts"],
    rules: { "no-restricted-imports": ["error", frameworkImports] },
  },
  {
    // The GraphQL schema and resolvers are reused by other graphql-yoga servers (docs/redwood.md):
    // only src/app/api/graphql/route.ts may know Next.js and Auth.js.
    files: ["src/server/graphql/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["next", "next/*", "react", "react/*", "next-auth", "next-auth/*", "@/app/*", "@/server/auth/*", "../auth/*"],
              message: "GraphQL resolvers stay framework-free; the route handler adapts them to Next.js.",
            },
          ],
        },
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
  globalIgnores([".next/**", "node_modules/**", ".data/**", "bench/results/**", "next-env.d.ts", "scratch/**", "test-results/**"]),
]);
