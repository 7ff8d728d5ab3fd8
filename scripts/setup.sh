#!/usr/bin/env bash
# Set-up: npm dependencies and the library's build.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm run build
