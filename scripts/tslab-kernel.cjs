// tslab's kernel, with its TypeScript not watching the file system. tslab (frozen upstream) has
// TypeScript watch the files its cells' program reads and the places a lookup failed or a
// package.json decides a resolution; when one of them changes while the kernel runs (npm install,
// a hard link made to a package.json in node_modules), TypeScript schedules a timer tslab does not
// expect, and from then on every cell fails with "Unexpected pending rebuildTimer". Without
// watchers a running kernel keeps the declarations it has read; a restart reads them anew.
// Jupyter starts this file (scripts/kernels.ts registers it) with tslab's own arguments.
const ts = require("@tslab/typescript-for-tslab");

const inert = { close() {} };
ts.sys.watchFile = () => inert;
ts.sys.watchDirectory = () => inert;

require("tslab/dist/main.js").main();
