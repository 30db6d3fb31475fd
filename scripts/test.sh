#!/usr/bin/env bash
# Command 2: install what is missing, then build and run the whole test suite.
# CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-deps.sh
# The webhook tests check live deliveries with an independent verifier: the reference Python
# implementation of Standard Webhooks (PyPI `standardwebhooks`).
if ! python3 -c "import standardwebhooks" >/dev/null 2>&1; then
    if ! python3 -m pip --version >/dev/null 2>&1; then
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        export DEBIAN_FRONTEND=noninteractive
        $SUDO apt-get update -qq
        $SUDO apt-get install -y -qq --no-install-recommends python3-pip
    fi
    # Debian's system Python is "externally managed"; the package is test-only, so allow it.
    python3 -m pip install --quiet --disable-pip-version-check standardwebhooks==1.1.0 \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages standardwebhooks==1.1.0
fi
swift build --build-tests
swift test --skip-build "$@"
