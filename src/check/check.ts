/**
 * The checks that teach: `check.eStep(eStep)` … `check.sample(sample)` run the student's function on
 * cases made from a fresh seed, print a bilingual verdict (naming a recognised mistake when there is
 * one), append a grade record when `GMM_EM_GRADE_FILE` is set, and return the function later cells
 * should use: the student's when it passed, else the library's (`reference`).
 */
import { BIC_CHECK } from "./bic-check";
import { E_STEP_CHECK } from "./e-step-check";
import { LOG_SUM_EXP_CHECK } from "./log-sum-exp-check";
import { LOWER_BOUND_CHECK } from "./lower-bound-check";
import { M_STEP_CHECK } from "./m-step-check";
import type { reference } from "./reference";
import { type CheckOptions, runCheck } from "./run-check";
import { SAMPLE_CHECK } from "./sample-check";

type Reference = typeof reference;

/** Each exercise's check: (the student's function, options?) → the function later cells should use. */
export const check = {
  /** Exercise 1: `eStep(X, pi, mu, Sigma) → { r, ll }`. */
  eStep: (f: Reference["eStep"], options?: CheckOptions): Reference["eStep"] => runCheck(E_STEP_CHECK, f, options),
  /** Exercise 2: `mStep(X, r) → { pi, mu, Sigma }`. */
  mStep: (f: Reference["mStep"], options?: CheckOptions): Reference["mStep"] => runCheck(M_STEP_CHECK, f, options),
  /** Exercise 3: `logSumExp(a) → log Σ exp aᵢ`. */
  logSumExp: (f: Reference["logSumExp"], options?: CheckOptions): Reference["logSumExp"] =>
    runCheck(LOG_SUM_EXP_CHECK, f, options),
  /** Exercise 4: `lowerBound(X, pi, mu, Sigma, q) → L(q, θ)`. */
  lowerBound: (f: Reference["lowerBound"], options?: CheckOptions): Reference["lowerBound"] =>
    runCheck(LOWER_BOUND_CHECK, f, options),
  /** Exercise 5: `bic(ll, n, k, d) → −2ℓ + p log n`. */
  bic: (f: Reference["bic"], options?: CheckOptions): Reference["bic"] => runCheck(BIC_CHECK, f, options),
  /** Exercise 6: `sample(pi, mu, Sigma, n, random) → n × d draws`. */
  sample: (f: Reference["sample"], options?: CheckOptions): Reference["sample"] => runCheck(SAMPLE_CHECK, f, options),
} as const;
