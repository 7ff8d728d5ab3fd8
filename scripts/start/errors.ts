// How npm start fails: the two kinds of error it explains itself, each with its exit code.

/** Bad command-line input or values: printed with the usage, exit code 2, nothing started. */
export class UsageError extends Error {}

/** A step that failed for a reason it has explained: printed as it is, exit code 1. */
export class StepError extends Error {}

/** The output folder or $TMPDIR cannot take the run's files: printed alone (no usage), exit code 2, nothing started. */
export class RoomError extends Error {}
