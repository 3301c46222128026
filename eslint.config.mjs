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
    rules: {
      // Codes and tokens need crypto; Math.random is never right in product code.
      "no-restricted-properties": ["error", { object: "Math", property: "random", message: "Use node:crypto." }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  globalIgnores([".next/**", "node_modules/**", ".data/**", "bench/results/**", "next-env.d.ts", "scratch/**", "test-results/**"]),
]);
