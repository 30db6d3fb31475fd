#!/usr/bin/env bash
# Command 2: install what is missing, then build and run the whole test suite.
# CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-deps.sh
# The webhook tests check live deliveries with an independent verifier: the reference Python
# implementation of Standard Webhooks (PyPI `standardwebhooks`).
if ! python3 -c "import standardwebhooks" >/dev/null 2>&1; then
    # pip through the same installer as the system packages (root, or sudo when there is one).
    python3 -m pip --version >/dev/null 2>&1 || ./scripts/ensure-deps.sh python3-pip
    # Debian's system Python is "externally managed"; the package is test-only, so allow it.
    python3 -m pip install --quiet --disable-pip-version-check standardwebhooks==1.1.0 \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages standardwebhooks==1.1.0
fi
swift build --build-tests
swift test --skip-build "$@"
