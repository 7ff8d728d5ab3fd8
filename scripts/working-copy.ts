// The notebook a person works in: a copy of the course's notebook in workspace/, which git ignores,
// so that running and saving it never changes the tracked notebooks/gmm-em.ipynb and the next
// `git pull` of the course does not conflict. An existing copy is the person's work: it is kept.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";

/** Where `npm run jupyter` puts a person's copy of `notebook` under `root`. */
export function workingCopyPath(root: string, notebook: string): string {
  return join(root, "workspace", basename(notebook));
}

/** The working copy of `notebook`, made from it if there is none yet; `made` says which. */
export function workingCopy(root: string, notebook: string): { path: string; made: boolean } {
  const path = workingCopyPath(root, notebook);
  if (existsSync(path)) return { path, made: false };
  mkdirSync(join(root, "workspace"), { recursive: true });
  // COPYFILE_EXCL: a copy made meanwhile by another process is not overwritten.
  copyFileSync(notebook, path, 1);
  return { path, made: true };
}
