import path from "node:path";
import { defineConfig } from "vitest/config";

// Tests run the packages from their TypeScript source (the "source" export condition), so a test
// run needs no package build; the Next.js app and the packed-tarball test use the built dist.
const conditions = ["@twostep/source", "module", "node", "development|production"];
const nodeConditions = conditions.filter((condition) => condition !== "module");
const browserBuild = "test/support/global-setup.ts";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "apps/web/src") }, conditions },
  ssr: { resolve: { conditions, externalConditions: ["@twostep/source"] } },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: more workers only fight over them and the shared services.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // No Next build, no database server or Redis: the core on embedded PGlite, fakes on loopback.
        test: {
          name: "unit",
          include: ["test/core/**/*.test.ts", "test/sms/**/*.test.ts", "test/web/**/*.test.ts", "test/bench/**/*.test.ts", "packages/*/test/**/*.test.ts"],
          exclude: ["test/core/delivery-status-order.test.ts", "test/core/pumping-guard.test.ts", "test/core/store-outage.test.ts"],
        },
      },
      {
        extends: true,
        // Every store against the same contract, and the core's behaviour on PostgreSQL and Redis.
        test: {
          name: "contract",
          include: [
            "test/contract/**/*.test.ts",
            "test/cli/**/*.test.ts",
            "test/core/delivery-status-order.test.ts",
            "test/core/pumping-guard.test.ts",
            "test/core/store-outage.test.ts",
          ],
        },
      },
      {
        extends: true,
        test: { name: "http", include: ["test/http/**/*.test.ts", "test/graphql/**/*.test.ts", "test/instances/**/*.test.ts"], globalSetup: [browserBuild] },
      },
      { extends: true, test: { name: "browser", include: ["test/e2e/**/*.test.ts"], globalSetup: [browserBuild] } },
      {
        // Not `extends: true`: Vitest hands its resolve conditions to the workers' Node as
        // --conditions, and with "module" among them the require("@opentelemetry/api") inside
        // Redwood and Cedar loads that package's ESM build, which Node can't run.
        resolve: { conditions: nodeConditions },
        ssr: { resolve: { conditions: nodeConditions, externalConditions: ["@twostep/source"] } },
        test: {
          name: "examples",
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 120_000,
          include: ["test/packed/**/*.test.ts", "examples/*/test/**/*.test.ts"],
          globalSetup: ["test/packed/build-packages.setup.ts"],
        },
      },
    ],
  },
});
