// Plane geometry the figure tests check the drawn ellipses with.

/** (x − μ)ᵀ Σ⁻¹ (x − μ) for 2-D points: 1 on the 1σ ellipse, 4 on the 2σ one. */
export function mahalanobis2(x: number, y: number, mu: number[], S: number[][]): number {
  const det = S[0][0] * S[1][1] - S[0][1] * S[1][0];
  const dx = x - mu[0],
    dy = y - mu[1];
  return (S[1][1] * dx * dx - 2 * S[0][1] * dx * dy + S[0][0] * dy * dy) / det;
}
