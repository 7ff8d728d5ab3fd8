// Whether the places a run writes can take its files, checked before any kernel starts: the
// output folder (or, when it is not there yet, the folder it would be made in) and $TMPDIR (where
// the export's Chromium keeps its profile) must be writable and have room. A problem found later
// (a disk that fills during the run) is said in one line naming the folder and the cause.
import { closeSync, existsSync, openSync, rmSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { RoomError } from "./errors";

/** What the file-system error codes mean to a person. */
const CAUSES: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "not permitted",
  EROFS: "a read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is used up",
  // Creating a file in a folder that exists: a file system that takes no new files (e.g. /proc).
  ENOENT: "the file system there takes no new files",
  ENOTDIR: "a file where a folder should be",
  EMFILE: "too many open files",
};

/** An error from the file system, as one line: its cause in words and its code (else its message). */
export function fileErrorCause(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code !== "string" || !(code in CAUSES)) return undefined;
  return `${CAUSES[code]} (${code})`;
}

/** The folder itself if it exists, else the nearest folder above it that does. */
function nearestExisting(dir: string): string {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

const MB = 1024 * 1024;
const inMB = (bytes: number) => `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;

/**
 * Checks that `dir` (or the folder it would be made in) takes a new file and has `bytes` free;
 * `what` names it in the message (e.g. "--out-dir: out/").
 */
export function checkRoom(dir: string, bytes: number, what: string): void {
  const at = nearestExisting(dir);
  const probe = join(at, `.gmm-em-probe-${process.pid}`);
  try {
    closeSync(openSync(probe, "wx"));
  } catch (e) {
    const cause = fileErrorCause(e);
    if (cause === undefined) throw e;
    throw new RoomError(`${what}: ${at} cannot take new files: ${cause}`);
  } finally {
    rmSync(probe, { force: true });
  }
  const fs = statfsSync(at);
  const free = fs.bavail * fs.bsize;
  if (free < bytes)
    throw new RoomError(`${what}: ${at} has ${inMB(free)} free; this run needs about ${inMB(bytes)} there`);
}

/** Room for the export's Chromium in $TMPDIR: its profile, caches and the pages it prints. */
export const CHROMIUM_TMP_BYTES = 100 * MB;

/** Checks $TMPDIR for the export's Chromium. */
export function checkTmpRoom(): void {
  checkRoom(tmpdir(), CHROMIUM_TMP_BYTES, `$TMPDIR (${tmpdir()}, where Chromium keeps its profile)`);
}
