import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema and committed inside the package, which applies them
// itself (openDatabase) or hands them to a host's migrator as plain SQL files.
export default defineConfig({
  dialect: "postgresql",
  schema: "./packages/core/src/adapters/sql/schema.ts",
  out: "./packages/core/drizzle",
});
