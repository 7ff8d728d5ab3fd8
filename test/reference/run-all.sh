#!/usr/bin/env bash
# Regenerates every fixture under test/fixtures/ from numpy, scipy and scikit-learn (Debian's
# /usr/bin/python3 with python3-numpy, python3-scipy and python3-sklearn). Each make-<layer>.py
# writes test/fixtures/<layer>/.
set -euo pipefail
cd "$(dirname "$0")"
python=/usr/bin/python3

# The same bits on every run. One BLAS thread: sums in a fixed order. numpy's generic loops, not
# its SIMD ones (AVX2, AVX-512…): those round differently depending on where each array lands in
# memory, which changes with the environment, the folder and even whether stdout is a pipe.
export OPENBLAS_NUM_THREADS=1
NPY_DISABLE_CPU_FEATURES="$(NPY_DISABLE_CPU_FEATURES= "$python" -c \
  'from numpy.core._multiarray_umath import __cpu_dispatch__; print(" ".join(__cpu_dispatch__))')"
export NPY_DISABLE_CPU_FEATURES

for script in make-*.py; do
  echo "== test/reference/$script"
  "$python" "$script"
done
