#!/usr/bin/env bash
# Load test for listings (issue 4): browse (published, filtered, page of 20) and create
# (validate, value, pre-screen, store, audit, outbox) against the release build on a database
# of COUNT listings, printed next to raw GET /healthz from the same run.
#
#   scripts/bench-listings.sh                 # 100,000 listings, 10 s per test
#   COUNT=20000 DURATION=5s scripts/bench-listings.sh
#
# Needs wrk. The load generator shares the machine's cores with the server (docs/performance.md).
set -euo pipefail

COUNT=${COUNT:-100000}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-"$ROOT/.build/release/linli"}
WORK=$(mktemp -d /tmp/linli-bench.XXXXXX)

command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
if [ ! -x "$BIN" ]; then (cd "$ROOT" && swift build -c release --product linli); fi

export LINLI_DATABASE_PATH="$WORK/bench.sqlite" LINLI_PHOTOS_PATH="$WORK/photos" LINLI_LOG_LEVEL=warning
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

boot=$("$BIN" admin bootstrap --name "压测社区" --admin-name "压测管理员")
community=$(echo "$boot" | awk '/^community:/ {print $2}')
export BENCH_LINLI_TOKEN=$(echo "$boot" | awk '/^token:/ {print $2}')
echo "== seeding $COUNT listings into $community"
"$BIN" admin seed-listings --community "$community" --count "$COUNT"

"$BIN" serve --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

cat >"$WORK/create.lua" <<'LUA'
-- Unique titles per thread and request, so the repeated-title signal sees normal traffic.
local threads = 0
function setup(thread)
    threads = threads + 1
    thread:set("tid", threads)
end
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_LINLI_TOKEN")
function request()
    counter = counter + 1
    local body = string.format(
        '{"direction":"offer","kind":"item","category":"tools","title":"压测电钻 %d-%d","description":"九成新，北门自取",' ..
        '"declared_cost":"%d.00","age_months":6,"condition":"good","area":"北门","submit":true}',
        tid or 0, counter, 100 + counter % 900)
    return wrk.format(nil, "/v1/listings", nil, body)
end
function response(status)
    if status ~= 201 then print("unexpected status " .. status) end
end
LUA

run() {
    local name=$1; shift
    local out
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
    local rate p99 errors
    rate=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    errors=$(echo "$out" | grep -cE "unexpected status|Non-2xx" || true)
    printf "%-48s %10s req/s   p99 %8s   %s\n" "$name" "$rate" "$p99" "$([ "$errors" = 0 ] && echo ok || echo "ERRORS (see above)")"
    [ "$errors" = 0 ] || echo "$out" | grep -E "unexpected status|Non-2xx" | sort | uniq -c | head -5
}

echo "== results ($THREADS threads, $CONNECTIONS connections, $DURATION each, $COUNT listings)"
run "GET /healthz" "http://127.0.0.1:$PORT/healthz"
run "GET /v1/listings?kind=item&limit=20 (browse)" -H "Authorization: Bearer $BENCH_LINLI_TOKEN" \
    "http://127.0.0.1:$PORT/v1/listings?kind=item&status=published&limit=20"
run "GET /v1/listings?q=婴儿推车&limit=20 (search)" -H "Authorization: Bearer $BENCH_LINLI_TOKEN" \
    "http://127.0.0.1:$PORT/v1/listings?q=%E5%A9%B4%E5%84%BF%E6%8E%A8%E8%BD%A6&limit=20"
run "POST /v1/listings (create + submit)" -s "$WORK/create.lua" "http://127.0.0.1:$PORT"
