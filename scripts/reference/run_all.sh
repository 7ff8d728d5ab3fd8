#!/usr/bin/env bash
# Regenerates every fixture under test/fixtures/ from numpy and scikit-learn (Debian's
# /usr/bin/python3 with python3-numpy and python3-sklearn). Each make_*.py writes its own files.
set -euo pipefail
cd "$(dirname "$0")/../.."
# One BLAS thread: sums in a fixed order, so the fixtures come out the same bits on every run.
export OPENBLAS_NUM_THREADS=1
for script in scripts/reference/make_*.py; do
  echo "== $script"
  /usr/bin/python3 "$script"
done
