// npm run jupyter's working copy: made once from the course's notebook, never overwritten, and
// ignored by git, so that saving it leaves the tracked notebook as the course has it.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { NOTEBOOK, ROOT } from "../../scripts/jupyter-env";
import { workingCopy, workingCopyPath } from "../../scripts/working-copy";
import { removeDir, tempDir } from "../helpers/notebook";

test("the working copy is made from the course's notebook once; a person's saved copy is kept as it is", () => {
  const root = tempDir("working-copy");
  try {
    const course = join(root, "notebooks", "lesson.ipynb");
    mkdirSync(join(root, "notebooks"));
    writeFileSync(course, '{"cells": []}');
    const first = workingCopy(root, course);
    assert.deepEqual(first, { path: join(root, "workspace", "lesson.ipynb"), made: true });
    assert.equal(readFileSync(first.path, "utf8"), '{"cells": []}');
    writeFileSync(first.path, '{"cells": ["saved work"]}');
    writeFileSync(course, '{"cells": ["the course, pulled again"]}');
    assert.deepEqual(workingCopy(root, course), { path: first.path, made: false });
    assert.equal(readFileSync(first.path, "utf8"), '{"cells": ["saved work"]}', "the saved work is kept");
  } finally {
    removeDir(root);
  }
});

test("git ignores the working copy (and a project .venv) and tracks the course's notebook", () => {
  const git = (...args: string[]) => spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
  const copy = relative(ROOT, workingCopyPath(ROOT, NOTEBOOK));
  assert.equal(git("check-ignore", "-q", "--no-index", copy).status, 0, `${copy} is ignored`);
  assert.equal(git("check-ignore", "-q", "--no-index", ".venv/bin/python3").status, 0, ".venv is ignored");
  assert.equal(
    git("ls-files", "--error-unmatch", relative(ROOT, NOTEBOOK)).status,
    0,
    "the course's notebook is tracked",
  );
});
