// Threat: a package that works inside the workspace fails as users get it from npm: a file it needs
// left out of the tarball, migrations looked up through the host's working directory, declarations
// that don't type-check in a strict NodeNext project, or sources and tests shipped by mistake.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeRun, runCommand } from "./run-command";
import { publishablePackages, REPO_ROOT, type PackageManifest } from "./publishable-packages";

type PackResult = { name: string; filename: string; files: Array<{ path: string }> };

// What a host installs beside us to run the scenario (the core's optional peers PGlite and argon2)
// and to check it: the versions the workspace tests with, so npm finds them in its cache.
const HOST_DEPENDENCIES = ["@electric-sql/pglite", "@node-rs/argon2", "typescript", "@types/node"];
const INSTALL_TIMEOUT_MS = 150_000;

const packages = publishablePackages();
let workDir = "";
let consumerDir = "";
let packed: PackResult[] = [];

const workspaceVersion = (name: string) =>
  (JSON.parse(readFileSync(path.join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;

/** npm's own settings from the `npm test` that started us would steer the child npm (workspaces, prefix). */
function envWithoutNpmRunSettings(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^npm_(config|package|lifecycle)_/i.test(key)) delete env[key];
  return env;
}

/** The files an export points at in dist (not "@twostep/source": that condition is the workspace's own). */
function exportTargets(manifest: PackageManifest): string[] {
  return Object.values(manifest.exports ?? {}).flatMap((target) =>
    typeof target === "string" ? [target] : Object.entries(target).filter(([condition]) => condition !== "@twostep/source").map(([, file]) => file),
  );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

beforeAll(async () => {
  // Outside the workspace, so nothing can resolve to packages/ by walking up the tree.
  workDir = realpathSync(mkdtempSync(path.join(os.tmpdir(), "twostep-packed-")));
  consumerDir = path.join(workDir, "host-app");
  const env = envWithoutNpmRunSettings();

  const workspaceFlags = packages.flatMap((pkg) => ["--workspace", path.relative(REPO_ROOT, pkg.dir)]);
  const pack = await runCommand("npm", ["pack", ...workspaceFlags, "--pack-destination", workDir, "--json"], { cwd: REPO_ROOT, env });
  if (pack.code !== 0) throw new Error(describeRun("npm pack", pack));
  packed = JSON.parse(pack.stdout) as PackResult[];

  mkdirSync(consumerDir);
  writeFileSync(path.join(consumerDir, "package.json"), JSON.stringify({ name: "host-app", private: true, type: "module" }));
  // One install for every tarball together, the way a host adds them. --legacy-peer-deps: the
  // scenario runs the core only, so the web packages' peers (Next.js, graphql-yoga) stay out.
  const install = await runCommand(
    "npm",
    [
      "install",
      ...packed.map((p) => path.join(workDir, p.filename)),
      ...HOST_DEPENDENCIES.map((name) => `${name}@${workspaceVersion(name)}`),
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--legacy-peer-deps",
    ],
    { cwd: consumerDir, env },
  );
  if (install.code !== 0) throw new Error(describeRun("npm install", install));
}, INSTALL_TIMEOUT_MS);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("the packed tarballs", () => {
  it("holds one tarball per publishable package", () => {
    expect(packed.map((p) => p.name).sort()).toEqual(packages.map((p) => p.manifest.name).sort());
  });

  for (const { dir, manifest } of packages) {
    it(`${manifest.name}: ESM with declarations, every export's file, no sources, tests or build caches`, () => {
      const files = packed.find((p) => p.name === manifest.name)?.files.map((f) => f.path) ?? [];
      expect(manifest.type).toBe("module");
      const targets = exportTargets(manifest).map((file) => path.posix.normalize(file));
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) expect(files, `${target} missing`).toContain(target);
      for (const target of targets.filter((file) => file.endsWith(".js"))) {
        expect(files, `declarations for ${target}`).toContain(target.replace(/\.js$/, ".d.ts"));
      }
      expect(files.some((file) => file.startsWith("dist/"))).toBe(true);
      // Shipping src/ would only serve the source maps; the maps carry their sources inline instead.
      expect(files.filter((file) => /^(src|test|tests)\//.test(file) || /\.(test|spec)\.[cm]?[jt]s$/.test(file))).toEqual([]);
      expect(files.filter((file) => file.endsWith(".tsbuildinfo"))).toEqual([]);
      // Folders the package ships besides dist (the core's SQL migrations): every file of them.
      for (const folder of (manifest.files ?? []).filter((entry) => entry !== "dist" && !entry.includes(".") && !entry.startsWith("!"))) {
        for (const file of filesUnder(path.join(dir, folder))) expect(files).toContain(path.posix.join(folder, file.split(path.sep).join("/")));
      }
    });
  }

  it("@twostep/core ships its SQL migrations and their journal", () => {
    const files = packed.find((p) => p.name === "@twostep/core")?.files.map((f) => f.path) ?? [];
    expect(files).toContain("drizzle/meta/_journal.json");
    expect(files.filter((file) => /^drizzle\/\d{4}_.+\.sql$/.test(file)).length).toBeGreaterThan(0);
  });
});

describe("a host app on the installed packages", () => {
  it("type-checks against the installed declarations (strict, NodeNext)", async () => {
    copyFileSync(path.join(import.meta.dirname, "consumer", "scenario.ts"), path.join(consumerDir, "scenario.ts"));
    // Every subpath of every package must resolve to declarations under NodeNext, not just the ones
    // the scenario happens to use.
    const entryImports = packages.flatMap(({ manifest }, i) =>
      Object.keys(manifest.exports ?? {})
        .filter((subpath) => subpath !== "./package.json")
        .map((subpath, j) => `import type * as entry${i}_${j} from "${path.posix.join(manifest.name, subpath)}";`),
    );
    writeFileSync(path.join(consumerDir, "entry-points.ts"), `${entryImports.join("\n")}\nexport {};\n`);
    writeFileSync(
      path.join(consumerDir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2023"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          types: ["node"],
          // Third-party declarations (drizzle's dialects we don't use) don't check on their own.
          skipLibCheck: true,
          // The checked file is the one that runs next: compiled here, so no loader is involved.
          outDir: "out",
          noEmitOnError: true,
        },
        files: ["scenario.ts", "entry-points.ts"],
      }),
    );
    const tsc = await runCommand(process.execPath, [path.join(consumerDir, "node_modules", "typescript", "bin", "tsc"), "-p", "."], { cwd: consumerDir });
    expect(tsc.code, describeRun("tsc", tsc)).toBe(0);
  });

  it("enrolls a phone, turns 2FA on and signs in with an SMS code, on PGlite, from an unrelated directory", async () => {
    // No drizzle/ folder and no node_modules here: migrations can only come from the installed package.
    const elsewhere = mkdtempSync(path.join(workDir, "elsewhere-"));
    const node = await runCommand(process.execPath, [path.join(consumerDir, "out", "scenario.js")], { cwd: elsewhere });
    expect(node.code, describeRun("node scenario.js", node)).toBe(0);
    const outcome = JSON.parse(node.stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>;
    expect(outcome.migrationsDir).toBe(path.join(consumerDir, "node_modules", "@twostep", "core", "drizzle"));
    expect(outcome).toMatchObject({
      enrollSent: true,
      enrollVerified: true,
      twoFactorEnabled: true,
      backupCodes: 10,
      passwordAccepted: true,
      secondFactorRequired: true,
      signInSent: true,
      signInVerified: true,
      profile: { phoneLastDigits: "0123", twoFactorEnabled: true },
    });
  });
});
