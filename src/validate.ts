/**
 * The checks every layer uses on what a caller passes in: numbers, option objects, weights,
 * vectors and symmetric matrices. Each throws a `GmmInputError` naming the argument (with its
 * index path) and what is wrong. The tolerances are named after where they come from.
 */
import { GmmInputError } from "./errors";

/**
 * How far apart two numbers may be and still count as equal: |a − b| ≤ atol + rtol · s, where s
 * is |b| (`relativeTo: "value"`, numpy's `isclose`) or the magnitude of what the numbers were
 * computed from (`"scale"`: what rounding error is proportional to).
 */
export interface Tolerance {
  rtol: number;
  atol: number;
  relativeTo: "value" | "scale";
}

/**
 * Rounding in the caller's own arithmetic: weights typed as decimals (0.1 + 0.2 + 0.7 is not
 * exactly 1) and a matrix summed in two orders differ by about 1e-16 of their scale; 1e-9 of
 * it lets that through and nothing a person would call a different number.
 */
export const ROUNDING: Tolerance = { rtol: 1e-9, atol: 0, relativeTo: "scale" };

/**
 * numpy's `allclose` defaults, with which scikit-learn checks the weights and precisions a user
 * gives its `GaussianMixture` (`weights_init` sums to 1, `precisions_init` is symmetric).
 */
export const NUMPY_ALLCLOSE: Tolerance = { rtol: 1e-5, atol: 1e-8, relativeTo: "value" };

/**
 * An eigenvalue solver's rounding: the eigenvalues of a positive semi-definite matrix come back
 * negative by up to a few ulps of the matrix's scale; 1e-12 of it is still "zero".
 */
export const EIGENVALUE_ROUNDING: Tolerance = { rtol: 1e-12, atol: 0, relativeTo: "scale" };

/**
 * Responsibilities handed to a figure may have been printed, stored or typed with six decimals
 * (the library's own sum to 1 within 1e-15): each row must sum to 1 within 1e-6.
 */
export const SIX_DECIMALS: Tolerance = { rtol: 0, atol: 1e-6, relativeTo: "value" };

/** Whether a and b are equal within `tolerance`; `scale` is the magnitude behind them (see `Tolerance`). */
export function isClose(a: number, b: number, tolerance: Tolerance, scale: number): boolean {
  return Math.abs(a - b) <= tolerance.atol + tolerance.rtol * (tolerance.relativeTo === "value" ? Math.abs(b) : scale);
}

/**
 * The option names of an options type, listed once as the keys of a `Record<keyof T, true>`: a
 * name missing from the list, or one that the type does not have, is a compile error, so the
 * list that `checkOptionNames` checks against cannot drift from the type.
 */
export function optionNames<T>(names: Record<keyof T, true>): readonly string[] {
  return Object.keys(names);
}

/** Rejects option names that are not known: a typo is an error, not silently ignored. */
export function checkOptionNames(name: string, options: unknown, known: readonly string[]): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new GmmInputError(name, "must be an object of options");
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new GmmInputError(`${name}.${key}`, `is not a known option (known: ${known.join(", ")})`);
    }
  }
}

/**
 * A value as the caller gave it, for a message: a string in quotes ("7" is not 7), an array or
 * object as short JSON, what JSON cannot show by its kind. Never throws (String() of an object
 * without a prototype would).
 */
export function shown(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
    case "number":
    case "boolean":
    case "undefined":
      return String(value);
    case "bigint":
      return `${value}n (a BigInt)`;
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
  }
  if (value === null) return "null";
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as Uint8Array).length}`;
  try {
    const text = JSON.stringify(value, (_, v: unknown) =>
      typeof v === "number" && !Number.isFinite(v) ? `${v}` : typeof v === "bigint" ? `${v}n` : v,
    );
    if (text !== undefined && text !== "{}") return text.length > 60 ? `${text.slice(0, 60)}…` : text;
  } catch {
    // a cycle: its kind below
  }
  return Array.isArray(value) ? `an array of length ${value.length}` : "an object";
}

/** Throws unless `value` is an integer ≥ `min` (and ≤ `max`). */
export function checkInteger(name: string, value: unknown, min: number, max = Infinity): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new GmmInputError(name, `must be an integer ${range}, got ${shown(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number ≥ `min`. */
export function checkNumber(name: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new GmmInputError(name, `must be a finite number ≥ ${min}, got ${shown(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number. */
export function checkFinite(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new GmmInputError(name, `is not a finite number (${shown(value)})`);
  }
  return value;
}

/**
 * Throws unless `value` is a count from `min` whose `bytesEach` bytes apiece fit the library's
 * memory limit (`checkMemory`); `what` names what the count makes, e.g. "ellipse points".
 */
export function checkCount(
  name: string,
  value: unknown,
  min: number,
  bytesEach: number,
  what: string,
  remedy: string,
): number {
  const count = checkInteger(name, value, min);
  checkMemory(name, count * bytesEach, `${count} ${what}`, remedy);
  return count;
}

/**
 * One parameter's constraint: reads `value` (named `name` in a message) and returns it, or throws
 * a `GmmInputError`. A function's parameters are a table of these (`checkParameters`), as
 * scikit-learn's `_parameter_constraints`.
 */
export type Constraint<T> = (name: string, value: unknown) => T;

/** The parameters a table of constraints reads: each name's type. */
export type Checked<C> = { [K in keyof C]: C[K] extends Constraint<infer T> ? T : never };

/** Reads each of `values` by its constraint in `table`, in the table's order. */
export function checkParameters<C extends Record<string, Constraint<unknown>>>(
  table: C,
  values: { [K in keyof C]: unknown },
): Checked<C> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(table)) out[name] = table[name](name, values[name]);
  return out as Checked<C>;
}

/** Constraints for `checkParameters`'s tables. */
export const is = {
  /** An integer from `min` to `max`. */
  integer:
    (min: number, max = Infinity): Constraint<number> =>
    (name, v) =>
      checkInteger(name, v, min, max),
  /** A finite number from `min` to `max`. */
  number:
    (min = -Infinity, max = Infinity): Constraint<number> =>
    (name, v) => {
      if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) {
        const range =
          min === -Infinity
            ? max === Infinity
              ? ""
              : ` ≤ ${max}`
            : max === Infinity
              ? ` ≥ ${min}`
              : ` from ${min} to ${max}`;
        throw new GmmInputError(name, `must be a finite number${range}, got ${shown(v)}`);
      }
      return v;
    },
  /** A count that fits the memory limit (`checkCount`). */
  count:
    (min: number, bytesEach: number, what: string, remedy: string): Constraint<number> =>
    (name, v) =>
      checkCount(name, v, min, bytesEach, what, remedy),
  /** A string. */
  string: ((name, v) => {
    if (typeof v !== "string") throw new GmmInputError(name, `must be a string, got ${shown(v)}`);
    return v;
  }) as Constraint<string>,
  /** true or false. */
  boolean: ((name, v) => {
    if (typeof v !== "boolean") throw new GmmInputError(name, `must be true or false, got ${shown(v)}`);
    return v;
  }) as Constraint<boolean>,
  /** A function. */
  function: (<F>(name: string, v: unknown): F => {
    if (typeof v !== "function") throw new GmmInputError(name, `must be a function, got ${shown(v)}`);
    return v as F;
  }) as Constraint<(...args: never[]) => unknown>,
  /** One of `values`. */
  oneOf:
    <T extends string | number>(...values: T[]): Constraint<T> =>
    (name, v) => {
      if (!values.includes(v as T))
        throw new GmmInputError(name, `must be one of ${values.map((x) => shown(x)).join(", ")}, got ${shown(v)}`);
      return v as T;
    },
  /** An array whose items each meet `item` (named `name[i]`). */
  arrayOf:
    <T>(item: Constraint<T>, minLength = 0): Constraint<T[]> =>
    (name, v) => {
      if (!Array.isArray(v)) throw new GmmInputError(name, `must be an array, got ${shown(v)}`);
      if (v.length < minLength) throw new GmmInputError(name, `must have at least ${minLength} items, has ${v.length}`);
      return v.map((x, i) => item(`${name}[${i}]`, x));
    },
  /** `constraint`, or `fallback` when the value is undefined (left out). */
  optional:
    <T, D>(constraint: Constraint<T>, fallback: D): Constraint<T | D> =>
    (name, v) =>
      v === undefined ? fallback : constraint(name, v),
  /** An object of options with these names only (`checkOptionNames`), each read by its constraint; absent: {}. */
  options:
    <C extends Record<string, Constraint<unknown>>>(table: C): Constraint<Checked<C>> =>
    (name, v) => {
      const o = v === undefined ? {} : v;
      checkOptionNames(name, o, Object.keys(table));
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(table))
        out[key] = table[key](`${name}.${key}`, (o as Record<string, unknown>)[key]);
      return out as Checked<C>;
    },
};

/** An array or typed array of numbers (not yet checked to be finite). */
export function isNumberArray(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** Checks a d-vector of finite numbers. */
export function checkVector(name: string, v: unknown, d: number): ArrayLike<number> {
  if (!isNumberArray(v)) throw new GmmInputError(name, "must be an array of numbers");
  if (v.length !== d)
    throw new GmmInputError(name, `has dimension ${v.length}, but the data has ${d} (needs ${d} values)`);
  for (let c = 0; c < d; c++) checkFinite(`${name}[${c}]`, v[c]);
  return v;
}

/** Checks k means of dimension d (a k × d array of rows) and returns them flat, row-major. */
export function checkMeans(name: string, m: unknown, k: number, d: number): Float64Array {
  if (!Array.isArray(m) || m.length !== k) {
    throw new GmmInputError(
      name,
      `must have shape (${k}, ${d}) (k × d), got ${Array.isArray(m) ? `${m.length} rows` : shown(m)}`,
    );
  }
  const out = new Float64Array(k * d);
  for (let j = 0; j < k; j++) out.set(checkVector(`${name}[${j}]`, m[j], d), j * d);
  return out;
}

/**
 * How mixing weights are checked. `"rounding"` (`applyGmm`'s `pi`): each ≥ 0, the sum 1 to
 * `ROUNDING`. `"scikit-learn"` (the estimator's `weightsInit`, a saved model), as its
 * `_check_weights`: each in [0, 1], the sum 1 to `NUMPY_ALLCLOSE`.
 */
type WeightCheck = "rounding" | "scikit-learn";

/** Checks k mixing weights (any k ≥ 1 when `k` is null) as `check` says; returns them as a Float64Array. */
export function checkWeights(name: string, w: unknown, k: number | null, check: WeightCheck): Float64Array {
  if (!isNumberArray(w)) throw new GmmInputError(name, "must be an array of mixing weights");
  if (k !== null && w.length !== k) {
    throw new GmmInputError(name, `must have shape (${k},) (one weight per component), got length ${w.length}`);
  }
  if (w.length === 0) throw new GmmInputError(name, "is empty: a mixture needs at least one component");
  const out = new Float64Array(w.length);
  let sum = 0;
  for (let j = 0; j < w.length; j++) {
    const v = checkFinite(`${name}[${j}]`, w[j]);
    if (check === "scikit-learn" && !(v >= 0 && v <= 1))
      throw new GmmInputError(`${name}[${j}]`, `is ${v}, outside [0, 1]`);
    if (v < 0) throw new GmmInputError(`${name}[${j}]`, `is negative (${v}): weights must be ≥ 0`);
    out[j] = v;
    sum += v;
  }
  // |1 − Σ w| close to 0, as scikit-learn writes it: within atol (numpy), or rtol of the weights' scale, 1 (rounding).
  const tolerance = check === "scikit-learn" ? NUMPY_ALLCLOSE : ROUNDING;
  if (!isClose(Math.abs(1 - sum), 0, tolerance, 1)) {
    const allowed = tolerance.atol + (tolerance.relativeTo === "scale" ? tolerance.rtol : 0);
    // Twelve digits: enough to show a miss beyond the tolerance, not the rounding of the sum (0.1 + 1.1).
    throw new GmmInputError(name, `sums to ${Number(sum.toPrecision(12))}, not 1 (to ${allowed})`);
  }
  return out;
}

/**
 * Reads a d × d matrix of finite numbers that is symmetric within `tolerance` (relative to the
 * larger of the entry and √(S_rr S_cc)), and writes it symmetrised, row-major, at `offset` of
 * `out`. `what` names the matrix in the message ("a covariance must be symmetric").
 */
export function readSymmetric(
  name: string,
  S: unknown,
  d: number,
  out: Float64Array,
  offset: number,
  tolerance: Tolerance,
  what: string,
): void {
  if (!Array.isArray(S)) throw new GmmInputError(name, `must be a ${d} × ${d} array of rows`);
  if (S.length !== d)
    throw new GmmInputError(name, `has ${S.length} rows, but the data has dimension ${d} (expected ${d} × ${d})`);
  for (let r = 0; r < d; r++) {
    const row = S[r];
    if (!isNumberArray(row)) throw new GmmInputError(`${name}[${r}]`, "must be an array of numbers");
    if (row.length !== d)
      throw new GmmInputError(`${name}[${r}]`, `has ${row.length} values, expected ${d} (a ${d} × ${d} matrix)`);
    for (let c = 0; c < d; c++) out[offset + r * d + c] = checkFinite(`${name}[${r}][${c}]`, row[c]);
  }
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < r; c++) {
      const a = out[offset + r * d + c],
        b = out[offset + c * d + r];
      const diagonal = Math.sqrt(Math.abs(out[offset + r * d + r] * out[offset + c * d + c]));
      if (!isClose(a, b, tolerance, Math.max(diagonal, Math.abs(a), Math.abs(b)))) {
        throw new GmmInputError(
          `${name}[${r}][${c}]`,
          `is ${a} but ${name}[${c}][${r}] is ${b}: ${what} must be symmetric`,
        );
      }
      out[offset + r * d + c] = out[offset + c * d + r] = midpoint(a, b);
    }
  }
}

/** (a + b) / 2 without overflow: two entries of 1e308 average to 1e308, not Infinity. */
export function midpoint(a: number, b: number): number {
  return 0.5 * a + 0.5 * b;
}

/**
 * The most one call may allocate for what it returns or keeps: 1 GiB. Node's heap (4 GiB by
 * default on a 64-bit machine with 16 GiB or more) ends a process that outgrows it with a crash
 * no `catch` can see; a call that would need more stops before it allocates, with a
 * `GmmInputError` that says how much and what to change.
 */
export const MEMORY_LIMIT_BYTES = 2 ** 30;

/**
 * What V8 holds per row of n-row results (measured on Node 20): an ml-matrix `Matrix` row is a
 * Float64Array of its own (≈ 210 bytes of object besides the values), a `number[]` row ≈ 60.
 */
export const MATRIX_ROW_BYTES = (columns: number): number => 216 + 8 * columns;
export const ARRAY_ROW_BYTES = (columns: number): number => 64 + 8 * columns;

/** Throws unless `bytes` is within `MEMORY_LIMIT_BYTES`: `what` takes them, `remedy` says what to change. */
export function checkMemory(name: string, bytes: number, what: string, remedy: string): void {
  if (!(bytes <= MEMORY_LIMIT_BYTES)) {
    throw new GmmInputError(
      name,
      `${what} would take about ${formatBytes(bytes)}, more than the library's limit of 1 GiB per call; ${remedy}`,
    );
  }
}

function formatBytes(bytes: number): string {
  const [value, unit] =
    bytes >= 2 ** 40
      ? [bytes / 2 ** 40, "TiB"]
      : bytes >= 2 ** 30
        ? [bytes / 2 ** 30, "GiB"]
        : [bytes / 2 ** 20, "MiB"];
  return `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString("en")} ${unit}`;
}
