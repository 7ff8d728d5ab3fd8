#!/usr/bin/env bash
# Set-up: npm dependencies, the library's build, Jupyter (Debian's packages) and the tslab
# and Deno kernels, registered in the project's .jupyter/ folder — never in the user's own Jupyter.
set -euo pipefail
cd "$(dirname "$0")/.."

# Node.js ≥ 20.19: ml-kmeans 7 is an ES module, which our CommonJS build loads with require(esm).
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
  echo "setup: Node.js ≥ 20.19 is needed (found: $(node --version 2>/dev/null || echo none)); install it, then run this script again." >&2
  exit 1
fi

# What the notebook and its tests need from Debian: Jupyter (classic Notebook, nbconvert,
# nbclient), numpy and scikit-learn (the reference fixtures), Chromium (the figures' still images,
# the PDF handout, the browser tests), Noto CJK (Chinese glyphs as Chromium draws the figures and the PDF),
# poppler-utils (the tests look at the PDF's pages with pdfinfo and pdftoppm).
DEBIAN_PACKAGES=(jupyter-notebook jupyter-nbconvert python3-nbclient python3-numpy python3-sklearn chromium fonts-noto-cjk poppler-utils)
PYTHON=/usr/bin/python3

have_jupyter() {
  [ -x "$PYTHON" ] && "$PYTHON" -c 'import notebook, nbconvert, nbclient, nbformat, numpy, sklearn' 2>/dev/null &&
    [ -x /usr/bin/chromium ] && [ -x /usr/bin/pdftoppm ] &&
    fc-list :lang=zh family 2>/dev/null | grep -q 'Noto Sans CJK'
}

if ! have_jupyter; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && [ -r /etc/debian_version ]; then
    echo "setup: installing Debian's Jupyter, numpy, scikit-learn, Chromium, Noto CJK and poppler-utils: ${DEBIAN_PACKAGES[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${DEBIAN_PACKAGES[@]}"
  else
    echo "setup: Jupyter (classic Notebook, nbconvert, nbclient), numpy, scikit-learn, Chromium, Noto CJK or poppler-utils is missing." >&2
    echo "setup: on Debian/Ubuntu, install them with:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${DEBIAN_PACKAGES[*]}" >&2
    echo "setup: then run this script again (bash scripts/setup.sh)." >&2
    exit 1
  fi
  have_jupyter || { echo "setup: the packages were installed but $PYTHON still cannot import notebook/nbconvert/nbclient, or Chromium, pdftoppm or Noto CJK is missing" >&2; exit 1; }
fi

# npm 11 skips install scripts that are not allowed: none are needed (tslab's zeromq ships
# prebuilt binaries; esbuild, under tsx, finds its binary package without its script; deno's binary
# comes in its platform's package, which scripts/kernels.ts links into place).
npm ci --no-audit --no-fund
npm run build

# The kernels, tslab and Deno's, in .jupyter/share/jupyter/kernels/ (npm start, npm run jupyter
# and the tests point JUPYTER_PATH there), started with this project's own tslab and deno.
node --import tsx scripts/kernels.ts "$PWD/.jupyter"
