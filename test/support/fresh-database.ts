import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { TEST_DATABASE_URL } from "./services";

/**
 * A new, empty PostgreSQL database for one test file, dropped afterwards: tests never see each
 * other's rows, and runs in parallel workers don't collide.
 */
export async function createFreshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `twostep_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
