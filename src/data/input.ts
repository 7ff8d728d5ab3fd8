import { Matrix } from "ml-matrix";
import { GmmInputError } from "../errors";
import { checkFinite, shown } from "../validate";

/** A row-major n × columns matrix in one flat buffer: a million points need no million row objects. */
export interface FlatMatrix {
  data: Float64Array;
  columns: number;
}

/** Data as the library accepts it: an ml-matrix `Matrix`, an array of rows, or a flat row-major buffer. */
export type DataInput = Matrix | number[][] | FlatMatrix;

/** Data as the hot loops read it: n rows of d values, row-major. */
export interface FlatData {
  data: Float64Array;
  n: number;
  d: number;
}

function isFlatMatrix(X: unknown): X is FlatMatrix {
  return (
    typeof X === "object" &&
    X !== null &&
    "data" in X &&
    "columns" in X &&
    (X as FlatMatrix).data instanceof Float64Array
  );
}

/**
 * Reads X into one flat Float64Array, checking that it is non-empty, rectangular and finite.
 * A `FlatMatrix` is used as it is (no copy); it is never written to. `finite` false: a caller that
 * reads every value next anyway (EM's scale check) checks finiteness in that pass instead, with
 * `checkAllFinite`'s message.
 */
export function toFlatData(X: DataInput, name = "X", finite = true): FlatData {
  if (Matrix.isMatrix(X)) {
    const m = X as Matrix;
    if (m.rows === 0 || m.columns === 0) throw new GmmInputError(name, `is empty (${m.rows} × ${m.columns})`);
    const n = m.rows,
      d = m.columns;
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const row = m.getRow(i);
      for (let c = 0; c < d; c++) data[i * d + c] = row[c];
    }
    if (finite) checkAllFinite(data, d, name);
    return { data, n, d };
  }
  if (isFlatMatrix(X)) {
    const { data, columns } = X;
    if (!Number.isInteger(columns) || columns < 1) {
      throw new GmmInputError(`${name}.columns`, `must be a positive integer, got ${shown(columns)}`);
    }
    if (data.length === 0) throw new GmmInputError(`${name}.data`, "is empty");
    if (data.length % columns !== 0) {
      throw new GmmInputError(`${name}.data`, `has length ${data.length}, not a multiple of columns = ${columns}`);
    }
    if (finite) checkAllFinite(data, columns, name);
    return { data, n: data.length / columns, d: columns };
  }
  if (!Array.isArray(X)) {
    throw new GmmInputError(name, "must be a Matrix, an array of rows (number[][]) or { data: Float64Array, columns }");
  }
  const n = X.length;
  if (n === 0) throw new GmmInputError(name, "is empty (no rows)");
  const first = X[0];
  if (!Array.isArray(first) && !ArrayBuffer.isView(first))
    throw new GmmInputError(`${name}[0]`, "is not an array of numbers");
  const d = first.length;
  if (d === 0) throw new GmmInputError(`${name}[0]`, "is empty (no columns)");
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = X[i];
    if (!Array.isArray(row) && !ArrayBuffer.isView(row))
      throw new GmmInputError(`${name}[${i}]`, "is not an array of numbers");
    if (row.length !== d)
      throw new GmmInputError(`${name}[${i}]`, `has ${row.length} values, but row 0 has ${d} (ragged rows)`);
    for (let c = 0; c < d; c++) data[i * d + c] = checkFinite(`${name}[${i}][${c}]`, row[c]);
  }
  return { data, n, d };
}

/** Throws for the first value of X (row by row) that is not finite, naming it. */
export function checkAllFinite(data: Float64Array, d: number, name: string): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new GmmInputError(`${name}[${Math.floor(i / d)}][${i % d}]`, `is not a finite number (${data[i]})`);
    }
  }
}
