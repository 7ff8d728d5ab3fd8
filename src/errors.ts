/** Base class of every error this library throws on purpose. */
export class GmmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Bad input: the message names the argument, the index (when there is one) and what is wrong,
 * e.g. `Sigma[1]: not positive definite (Cholesky failed at pivot 2)`.
 */
export class GmmInputError extends GmmError {
  /** The argument at fault, with its index path, e.g. `"Sigma[1]"` or `"X[3][0]"`. */
  readonly argument: string;
  constructor(argument: string, problem: string) {
    super(`${argument}: ${problem}`);
    this.argument = argument;
  }
}

/**
 * A component's covariance stopped being positive definite during EM (it collapsed onto a point
 * or a line), or it lost all its responsibility. Says which component, at which iteration.
 */
export class GmmSingularCovarianceError extends GmmError {
  readonly component: number;
  readonly iteration: number;
  constructor(component: number, iteration: number, problem: string) {
    super(
      `component ${component} at iteration ${iteration}: ${problem}. ` +
        `It has collapsed (e.g. onto a single point); pass a small regCovar such as 1e-6, ` +
        `which is added to each covariance's diagonal, or start from other parameters.`,
    );
    this.component = component;
    this.iteration = iteration;
  }
}

/** A method that needs a fitted model was called before `fit`. */
export class GmmNotFittedError extends GmmError {
  constructor(method: string) {
    super(`GaussianMixture.${method}: this model is not fitted yet; call fit(X) first`);
  }
}
