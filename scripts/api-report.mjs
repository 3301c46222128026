// The public API report of every package: one api-extractor run per entry point named in the
// package's "exports" (api-extractor reads one entry a run), from the built dist/*.d.ts, into
// packages/<pkg>/api/<entry>.api.md. A change of the public surface then shows up in review as a
// diff of those files.
//
//   node scripts/api-report.mjs           rewrite the reports (after `npm run build:packages`, which
//                                         the packages' references need)
//   node scripts/api-report.mjs --check   fail, and say which, when a report differs from the build
//
// The configs are made here from package.json rather than kept as files, so a new package or a
// new subpath export gets its report without a config to remember.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CompilerState, Extractor, ExtractorConfig } from "@microsoft/api-extractor";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");

/** "." becomes "index", "./test-numbers" becomes "test-numbers". */
const reportName = (subpath) => (subpath === "." ? "index" : subpath.slice(2).replaceAll("/", "-"));

/** Each publishable package with the .d.ts behind each export: { dir, entries: [{ name, dts }] }. */
function publishedPackages() {
  const packagesDir = path.join(root, "packages");
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(packagesDir, d.name, "package.json")))
    .map((d) => {
      const dir = path.join(packagesDir, d.name);
      const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
      const entries = Object.entries(manifest.exports ?? {})
        .filter(([, target]) => typeof target === "object" && target.types)
        .map(([subpath, target]) => ({ name: reportName(subpath), dts: path.join(dir, target.types) }));
      return { dir, name: manifest.name, private: manifest.private === true, entries };
    })
    .filter((pkg) => !pkg.private && pkg.entries.length > 0);
}

function configFor(pkg, entry, tempFolder) {
  return ExtractorConfig.prepare({
    configObjectFullPath: path.join(pkg.dir, "api", `${entry.name}.api-extractor.json`),
    packageJsonFullPath: path.join(pkg.dir, "package.json"),
    configObject: {
      projectFolder: pkg.dir,
      mainEntryPointFilePath: entry.dts,
      bundledPackages: [],
      newlineKind: "lf",
      compiler: {
        // The packages' own settings (packages/tsconfig.base.json), over the built declarations.
        overrideTsconfig: {
          compilerOptions: {
            target: "ES2022",
            lib: ["ES2023"],
            module: "NodeNext",
            moduleResolution: "NodeNext",
            strict: true,
            types: ["node"],
            // As the packages' own build: drizzle's declarations for dialects we don't use don't check.
            skipLibCheck: true,
          },
          files: [entry.dts],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: entry.name,
        reportFolder: path.join(pkg.dir, "api"),
        reportTempFolder: tempFolder,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: "warning" } },
        extractorMessageReporting: {
          default: { logLevel: "warning" },
          // No @public/@beta tags here: what an entry exports is public, and nothing else is.
          "ae-missing-release-tag": { logLevel: "none" },
          "ae-undocumented": { logLevel: "none" },
          // A type the API uses but no entry exports: written into the report, where review sees it.
          "ae-forgotten-export": { logLevel: "none", addToApiReportFile: true },
        },
        // Our doc comments are prose, not TSDoc; their syntax is not part of the API.
        tsdocMessageReporting: { default: { logLevel: "none" } },
      },
    },
  });
}

/** Keeps warnings and errors, drops the chatter ("Analysis will use the bundled TypeScript ..."). */
function quietInfo(message) {
  if (message.logLevel === "info" || message.logLevel === "verbose") message.handled = true;
}

/**
 * Declarations emitted afresh for one package into `outDir`. Not dist/: an incremental build can
 * print an inferred type's members in another order than a clean one, and a report must read the
 * same on a fresh clone (CI) as in a working copy. Entries are pointed at the fresh files.
 */
function freshDeclarations(pkg, outDir) {
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  const project = path.join(pkg.dir, "tsconfig.build.json");
  const flags = ["--outDir", outDir, "--declaration", "--emitDeclarationOnly", "--composite", "false", "--incremental", "false", "--declarationMap", "false"];
  execFileSync(process.execPath, [tsc, "-p", project, ...flags], { stdio: ["ignore", "inherit", "inherit"] });
  const dist = path.join(pkg.dir, "dist");
  return { ...pkg, entries: pkg.entries.map((e) => ({ ...e, dts: path.join(outDir, path.relative(dist, e.dts)) })) };
}

const tempFolder = mkdtempSync(path.join(os.tmpdir(), "twostep-api-report-"));
const stale = [];
let failed = false;
try {
  for (const built of publishedPackages()) {
    // Inside the package (and removed after), so the paths the report prints are the same everywhere.
    const declarations = path.join(built.dir, ".api-declarations");
    rmSync(declarations, { recursive: true, force: true });
    const pkg = freshDeclarations(built, declarations);
    const missing = pkg.entries.filter((e) => !existsSync(e.dts));
    if (missing.length > 0) {
      console.error(`${pkg.name}: no ${missing.map((e) => path.relative(root, e.dts)).join(", ")}; run npm run build:packages first`);
      failed = true;
      continue;
    }
    mkdirSync(path.join(pkg.dir, "api"), { recursive: true });
    const configs = pkg.entries.map((entry) => ({ entry, config: configFor(pkg, entry, tempFolder) }));
    // One TypeScript program for all of a package's entries: a fresh one per entry costs seconds each.
    const compilerState = CompilerState.create(configs[0].config, { additionalEntryPoints: pkg.entries.map((e) => e.dts) });
    for (const { entry, config } of configs) {
      const result = Extractor.invoke(config, { localBuild: !check, compilerState, messageCallback: quietInfo });
      const report = path.relative(root, path.join(pkg.dir, "api", `${entry.name}.api.md`));
      if (result.apiReportChanged) stale.push(report);
      if (result.errorCount > 0) {
        console.error(`${report}: api-extractor failed (${result.errorCount} errors)`);
        failed = true;
      }
    }
  }
} finally {
  rmSync(tempFolder, { recursive: true, force: true });
  for (const pkg of publishedPackages()) rmSync(path.join(pkg.dir, ".api-declarations"), { recursive: true, force: true });
}

if (check && stale.length > 0) {
  console.error(`The public API changed; run npm run api:report and commit:\n  ${stale.join("\n  ")}`);
  failed = true;
} else if (!check && stale.length > 0) {
  console.log(`Updated:\n  ${stale.join("\n  ")}`);
}
process.exit(failed ? 1 : 0);
