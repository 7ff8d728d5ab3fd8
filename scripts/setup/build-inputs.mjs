// What `npm run build` reads, as one hash: the sources, the build's scripts and configuration, and
// the dependencies' versions. The build writes it to dist/.build-inputs (its last step); setup
// builds again only when it differs, so that running setup again (or after npm ci, whose
// `prepare` built dist/) does not build twice.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const STAMP = join(ROOT, "dist", ".build-inputs");

/** Every file under `dir`, recursively, sorted. */
function files(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
}

/** The hash of every input of the build, by path and content. */
export function buildInputsHash() {
  const inputs = [
    ...files(join(ROOT, "src")),
    ...readdirSync(join(ROOT, "scripts"))
      .filter((f) => f.startsWith("build-"))
      .map((f) => join(ROOT, "scripts", f)),
    ...readdirSync(ROOT)
      .filter((f) => /^tsconfig.*\.json$|^package(-lock)?\.json$/.test(f))
      .map((f) => join(ROOT, f)),
  ];
  const hash = createHash("sha256");
  for (const file of inputs)
    hash
      .update(`${relative(ROOT, file)}\0`)
      .update(readFileSync(file))
      .update("\0");
  return hash.digest("hex");
}

/** Whether dist/ is the build of the inputs as they are. */
export function builtFromInputs() {
  return existsSync(STAMP) && readFileSync(STAMP, "utf8").trim() === buildInputsHash();
}

if (process.argv[2] === "write") writeFileSync(STAMP, `${buildInputsHash()}\n`);
