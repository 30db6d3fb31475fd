#!/usr/bin/env bash
# Command 1: install what is missing, build a release binary, and run Linli on its embedded
# defaults (./linli.sqlite, rules/default.yaml, port 8080) with a seeded demo community.
# Extra arguments go to `linli serve`, e.g. ./scripts/run.sh --port 9000
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-deps.sh
swift build -c release --product linli
exec .build/release/linli serve --demo "$@"
