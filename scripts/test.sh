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
# Swift Testing starts every async test at once; with some 260 API fixtures alive together the
# test process held ~1,450 open files, past the ~1,360 at which Foundation's Process.run() on
# Linux reads beyond its directory buffer and crashes the whole run (see
# Tests/LinliTestSupport/ProcessLaunch.swift). 32 at a time keeps it near 250 files and takes
# the same two minutes on two CPUs.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-32}"
# The suite logs a great deal; a failure is repeated at the very end, where a CI log's tail
# (often all of it that is kept) shows it.
log=$(mktemp "${TMPDIR:-/tmp}/linli-test.XXXXXX")
trap 'rm -f "$log"' EXIT
# A test that hangs (a child process that never answers) fails the run after this long instead
# of holding CI until its own limit, with the summary below (the whole suite takes about five
# minutes on two CPUs). TEST_TIMEOUT changes it (e.g. `60m` on a slow machine).
limit="${TEST_TIMEOUT:-30m}"
set +e
timeout --kill-after=60 "$limit" swift test --skip-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -eq 124 ]; then
    echo "=== the suite did not finish within $limit: a test hangs; the last lines above show where ==="
elif [ "$status" -eq 137 ]; then
    echo "=== the suite was killed (exit 137): past $limit and its minute of grace, or by the system (out of memory?) ==="
fi
if [ "$status" -ne 0 ]; then
    echo "=== the suite failed (exit $status); what failed ==="
    grep -E '✘|error:|Fatal error|Crash|signal' "$log" | grep -v ' info ' | head -60 || true
fi
exit "$status"
