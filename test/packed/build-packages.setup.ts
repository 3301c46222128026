import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

/**
 * The packed tarballs and the API reports are made from dist/, so the examples project builds the
 * packages once before its files run (a no-op when `npm test` just built them). One build for all
 * files: two `tsc -b` writing dist/ at once could hand one of them a half-written file.
 */
export default async function buildPackages() {
  await promisify(execFile)("npm", ["run", "build:packages"], { cwd: path.resolve(import.meta.dirname, "../..") });
}
