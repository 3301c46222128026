// Threat to the design, not to users: @twostep/graphql starts depending on Next.js, Auth.js or the
// reference app, so a RedwoodJS or CedarJS api side could no longer use it; or it takes runtime
// values from "graphql", whose two builds (ESM and CommonJS) can both load and then fail each
// other's instanceof checks (packages/graphql/src/is-graphql-error.ts).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/web-app";

const DIR = path.join(REPO_ROOT, "packages", "graphql", "src");
/** Web frameworks, the app's `@/` alias, anything outside the package's own folder, a package's insides. */
const FORBIDDEN = /^(next|next-auth|react|react-dom)(\/|$)|^@\/|^\.\.\/|^@twostep\/[^/]+\/(src|dist)\b/;

describe("packages/graphql/src is framework-free", () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith(".ts"));

  it("has files to check", () => {
    expect(files).toContain("index.ts");
  });

  it.each(files)("%s imports nothing from Next.js, Auth.js or the app", (file) => {
    const source = readFileSync(path.join(DIR, file), "utf8");
    const imports = [...source.matchAll(/from\s+["']([^"']+)["']/g)].map((m) => m[1]!);
    expect(imports.filter((i) => FORBIDDEN.test(i))).toEqual([]);
    expect(source).not.toMatch(/^import (?!type )[^;]*from "graphql";/m);
  });
});
