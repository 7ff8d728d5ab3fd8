// Runs several test files in one process, as test/run.ts does for the files that start no process and
// no browser: a process costs about half a CPU-second before its first test (Node, tsx, the library's
// modules), while most of these files take less than that. Each file is a suite named by its path, so
// that its `before` and `after` hooks stay its own and the spec reporter gives its time; the sources
// (src/, scripts/, test/) are loaded anew for each file, so that no module state passes from one file
// to the next, and a class is one class within a file (a script's error kept from an earlier file
// would extend an earlier GmmError, and fail the next file's instanceof). (Every file is loaded before any test runs; dist/, which a test may require while it runs,
// is loaded once for all, so that what a file required early and what it requires late are one.)
//
//   node --import tsx --test-reporter=spec test/helpers/batch.ts test/a.test.ts test/b.test.ts …
import { join, relative, resolve, sep } from "node:path";
import { describe } from "node:test";

const ROOT = resolve(__dirname, "..", "..");

/** The project's sources that `require` has loaded. */
function sources(): string[] {
  return Object.keys(require.cache).filter((path) =>
    [join(ROOT, "src"), join(ROOT, "scripts"), join(ROOT, "test")].some((dir) => path.startsWith(dir + sep)),
  );
}

for (const file of process.argv.slice(2)) {
  const path = resolve(file);
  const name = relative(ROOT, path);
  describe(name, () => {
    for (const loaded of sources()) delete require.cache[loaded];
    const started = performance.now();
    require(path);
    // What the suite's own time leaves out (test/run.ts adds it): loading the file and its modules.
    console.log(`batch: ${name} loaded in ${(performance.now() - started).toFixed(1)} ms`);
  });
}
