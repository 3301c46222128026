// Threat to the design, not to users: the GraphQL schema and resolvers start depending on
// Next.js or Auth.js, so a RedwoodJS api side (docs/redwood.md) could no longer reuse them; or
// they take runtime values from "graphql", whose two builds (ESM and CommonJS) can both load and
// then fail each other's instanceof checks (src/server/graphql/is-graphql-error.ts).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { webAppPath } from "../support/web-app";

const DIR = webAppPath("src", "server", "graphql");
const FORBIDDEN = /^(next|next-auth|react|react-dom)(\/|$)|^@\/(app|server)\/|^\.\.\/(auth|actions|twostep|config|client-ip|read-json)\b/;

describe("src/server/graphql is framework-free", () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith(".ts"));

  it.each(files)("%s imports nothing from Next.js, Auth.js or the Next wiring", (file) => {
    const source = readFileSync(path.join(DIR, file), "utf8");
    const imports = [...source.matchAll(/from\s+["']([^"']+)["']/g)].map((m) => m[1]!);
    expect(imports.filter((i) => FORBIDDEN.test(i))).toEqual([]);
    expect(source).not.toMatch(/^import (?!type )[^;]*from "graphql";/m);
  });
});
