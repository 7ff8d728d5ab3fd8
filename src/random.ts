/**
 * numpy's legacy `np.random.RandomState(seed)` (the generator scikit-learn's `random_state`
 * builds): the Mersenne Twister MT19937 seeded by `init_genrand`, with numpy's own ways of turning
 * its 32-bit words into doubles and bounded integers. The same seed gives the same draws as
 * numpy, so `initParams: "random"`, `"random_from_data"` and the k-means++ seeds match
 * scikit-learn's for the same `randomState`.
 */
const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class RandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;
  private cachedGauss: number | null = null;

  /** `seed`: an integer from 0 to 2³² − 1, as numpy accepts. */
  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** The next 32-bit word (numpy's `next_uint32`). */
  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      for (let kk = 0; kk < N; kk++) {
        const y = (mt[kk] & UPPER_MASK) | (mt[(kk + 1) % N] & LOWER_MASK);
        mt[kk] = mt[(kk + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) from 53 random bits (numpy's `random_sample`, `uniform()`). */
  random(): number {
    const a = this.nextUint32() >>> 5, b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * An integer in [0, max], by masked rejection (numpy's legacy `random_interval`, behind
   * `randint(max + 1)` and `shuffle`/`permutation`). `max` < 2³².
   */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0; while (value > max);
    return value;
  }

  /** `randint(n)`: an integer in [0, n). */
  randint(n: number): number {
    return this.interval(n - 1);
  }

  /** `permutation(n)`: numpy's Fisher–Yates from the end. */
  permutation(n: number): number[] {
    const arr = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }

  /**
   * A standard normal draw by the polar method, caching the second value (numpy's legacy
   * `standard_normal`/`legacy_gauss`).
   */
  normal(): number {
    if (this.cachedGauss !== null) {
      const z = this.cachedGauss;
      this.cachedGauss = null;
      return z;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.random() - 1;
      x2 = 2 * this.random() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.cachedGauss = f * x1;
    return f * x2;
  }
}
