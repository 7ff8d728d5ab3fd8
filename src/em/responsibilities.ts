/**
 * The responsibilities that given parameters give the rows of X, computed by the E-step the EM
 * loop runs: what the figures colour the points by. Apart from e-step.ts so that the E-step's
 * workers, which load that module, do not load the parameter checks and ml-matrix with it.
 */
import { Matrix } from "ml-matrix";
import { type DataInput, toFlatData } from "../data/input";
import { eStep } from "./e-step-pass";
import { computePrecisions, type GmmParams, toMixtureState } from "./params";

/**
 * The n × k responsibilities that `params` give the rows of X, rᵢⱼ ∝ πⱼ N(xᵢ | μⱼ, Σⱼ), as
 * applyGmm's `rvals` hold them: the correct EM's E-step, the loop's own code, without the
 * M-step's sums. The parameters are checked as EM's start is (errors name `pi`, `mu`, `Sigma[j]`).
 */
export function eStepResponsibilities(X: DataInput, params: GmmParams): Matrix {
  const flat = toFlatData(X);
  const state = toMixtureState(params.pi, params.mu, params.Sigma, flat.d);
  const resp = new Float64Array(flat.n * state.k);
  eStep(flat, state, computePrecisions(state, 0), { resp, withSums: false });
  return Matrix.from1DArray(flat.n, state.k, resp);
}
