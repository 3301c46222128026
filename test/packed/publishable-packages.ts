import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

export type PackageManifest = {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  files?: string[];
  exports?: Record<string, string | Record<string, string>>;
};

export type PublishablePackage = { dir: string; manifest: PackageManifest };

/** Every package under packages/ that isn't private: a new package is picked up without an edit here. */
export function publishablePackages(): PublishablePackage[] {
  const packagesDir = path.join(REPO_ROOT, "packages");
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(packagesDir, entry.name, "package.json")))
    .map((entry) => {
      const dir = path.join(packagesDir, entry.name);
      return { dir, manifest: JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as PackageManifest };
    })
    .filter((pkg) => pkg.manifest.private !== true);
}
