#!/usr/bin/env bash
# Command 2: install what is missing, then build and run the whole test suite.
# CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-deps.sh
swift build --build-tests
swift test --skip-build "$@"
