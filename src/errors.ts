/**
 * Base class of every error this library throws on purpose. Each class names itself in `name`
 * (written out: a minified browser build renames classes).
 */
export class GmmError extends Error {
  override name = "GmmError";
}

/**
 * A function called where it cannot run: the notebook's display functions and the page writers
 * need Node.js (files, a notebook kernel), and the browser build has them only by name, for this
 * error to say so. `function` is its name.
 */
export class GmmEnvironmentError extends GmmError {
  override name = "GmmEnvironmentError";
  readonly function: string;
  constructor(name: string, needs: string, instead: string) {
    super(`${name} ${needs}: it does not run in a browser (the browser build). ${instead}`);
    this.function = name;
  }
}

/**
 * Bad input: the message names the argument, the index (when there is one) and what is wrong,
 * e.g. `Sigma[1]: not positive definite (Cholesky failed at pivot 2)`.
 */
export class GmmInputError extends GmmError {
  override name = "GmmInputError";
  /** The argument at fault, with its index path, e.g. `"Sigma[1]"` or `"X[3][0]"`. */
  readonly argument: string;
  constructor(argument: string, problem: string) {
    super(`${argument}: ${problem}`);
    this.argument = argument;
  }
}

/**
 * Why EM cannot go on with a component:
 * - `"singular"`: its covariance is not positive definite: it collapsed onto a point or a line;
 * - `"ill-conditioned"`: its covariance is so nearly singular that EM's steps would be rounding
 *   noise (the log-likelihood could fall): it is collapsing onto a line or a plane;
 * - `"unresolved"`: its spread is below what doubles resolve at its mean's distance from the
 *   data's centre: its points are all but identical there;
 * - `"underflow"`: its variances are below the doubles that keep full precision (data too small);
 * - `"empty"`: it has no responsibility left (every density underflowed to 0): regCovar cannot help;
 * - `"non-finite"`: its covariance overflowed.
 */
export type CollapseKind = "singular" | "ill-conditioned" | "unresolved" | "underflow" | "empty" | "non-finite";

/**
 * EM cannot go on with a component (see `CollapseKind`): says which component, at which
 * iteration, what happened and what to do about it.
 */
export class GmmSingularCovarianceError extends GmmError {
  override name = "GmmSingularCovarianceError";
  readonly component: number;
  readonly iteration: number;
  readonly kind: CollapseKind;
  /** The regCovar the message suggests (as it prints it, e.g. 1e-5); null where regCovar cannot help. */
  readonly regCovar: number | null;
  /**
   * `advice` is what to do (default: the advice for a collapse, with regCovar 1e-6); its text
   * follows the problem in the message.
   */
  constructor(
    component: number,
    iteration: number,
    problem: string,
    kind: CollapseKind = "singular",
    advice: CollapseAdvice = collapseAdvice(1e-6),
  ) {
    super(`component ${component} at iteration ${iteration}: ${problem}. ${advice.text}`);
    this.component = component;
    this.iteration = iteration;
    this.kind = kind;
    this.regCovar = advice.regCovar;
  }
}

/** What to do about a component EM cannot go on with: the words, and the regCovar they suggest (null: regCovar cannot help). */
export interface CollapseAdvice {
  text: string;
  regCovar: number | null;
}

/** What to do about a collapse: a regCovar such as `regCovar` (about a millionth of the data's variance), or another start. */
export function collapseAdvice(regCovar: number): CollapseAdvice {
  const suggested = roughly(regCovar);
  return {
    text:
      `The component has collapsed (or is collapsing); pass a small regCovar such as ${suggested} ` +
      `(about a millionth of the data's variance), which is added to each covariance's diagonal, or start from other parameters.`,
    regCovar: Number(suggested),
  };
}

/** A method that needs a fitted model was called before `fit`. */
export class GmmNotFittedError extends GmmError {
  override name = "GmmNotFittedError";
  constructor(method: string) {
    super(`GaussianMixture.${method}: this model is not fitted yet; call fit(X) first`);
  }
}

/**
 * An exercise's function called before it is written: the student's notebook has this in place of
 * each solution (`throw new GmmNotWrittenError(1);`). The checks name it as "not written yet".
 */
export class GmmNotWrittenError extends GmmError {
  override name = "GmmNotWrittenError";
  /** The exercise's number (1 the E-step, 2 the M-step, …). */
  readonly exercise: number;
  constructor(exercise: number) {
    super(`还没写（练习 ${exercise}）· not written yet (exercise ${exercise})`);
    this.exercise = exercise;
  }
}

/** A positive number to one digit, as a person writes it: 1e-6, 0.01, 1, 300, 1e12. */
export function roughly(v: number): string {
  const r = Number(v.toPrecision(1));
  return r >= 1e-3 && r < 1e4 ? String(r) : r.toExponential().replace("e+", "e");
}
