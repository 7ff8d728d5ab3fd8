// Runs several test files in one process, as test/run.ts does for the files that start no process and
// no browser: a process costs about half a CPU-second before its first test (Node, tsx, the library's
// modules), while most of these files take less than that. Each file is a suite named by its path, so
// that its `before` and `after` hooks stay its own and the spec reporter gives its time; the project's
// modules are loaded anew for each file (no module state passes from one file to the next).
//
//   node --import tsx --test-reporter=spec test/helpers/batch.ts test/a.test.ts test/b.test.ts …
import { relative, resolve, sep } from "node:path";
import { describe } from "node:test";

const ROOT = resolve(__dirname, "..", "..");

/** The project's own modules that `require` has loaded (not node_modules'). */
function projectModules(): string[] {
  return Object.keys(require.cache).filter(
    (path) => path.startsWith(ROOT + sep) && !path.includes(`${sep}node_modules${sep}`),
  );
}

for (const file of process.argv.slice(2)) {
  const path = resolve(file);
  const name = relative(ROOT, path);
  describe(name, () => {
    for (const loaded of projectModules()) delete require.cache[loaded];
    const started = performance.now();
    require(path);
    // What the suite's own time leaves out (test/run.ts adds it): loading the file and its modules.
    console.log(`batch: ${name} loaded in ${(performance.now() - started).toFixed(1)} ms`);
  });
}
