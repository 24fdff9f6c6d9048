#!/usr/bin/env bash
# Nutrition speed (issue 6), all in one run on a throwaway SQLite data directory:
#  1. `lintas bench import`: import ROWS generated e-PPGBM rows, import them again, and time
#     the district report use case;
#  2. the district stunting page over HTTP (`lintas serve`, a signed-in account) with
#     wrk: latency percentiles of GET /nutrition for the demo district with everything above
#     stored.
# Needs wrk (Debian package `wrk`) for step 2; without it step 2 is skipped with a note.
# Usage: scripts/bench-nutrition.sh            (ROWS=1000000 DURATION=15s by default)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${ROWS:-1000000}"
DURATION="${DURATION:-15s}"
PORT="${PORT:-18090}"
DIR="$(mktemp -d /tmp/lintas-bench-nutrition.XXXXXX)"
trap 'kill "${SERVER:-0}" 2>/dev/null || true; rm -rf "$DIR"' EXIT

cargo build --release -q -p lintas
BIN=./target/release/lintas
export LINTAS_DATA_DIR="$DIR"
export RUST_LOG=warn

echo "== import of $ROWS rows (SQLite) =="
"$BIN" bench import --rows "$ROWS" --reads 200

if ! command -v wrk >/dev/null; then
    echo "wrk not installed: the HTTP page latency is skipped (apt-get install wrk)"
    exit 0
fi
echo "== district stunting page over HTTP =="
printf 'bench-password-1\n' | "$BIN" user add bench --role admin --password-stdin >/dev/null
"$BIN" serve --addr "127.0.0.1:$PORT" >"$DIR/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
    sleep 0.2
done
JAR="$DIR/cookies"
CSRF="$(curl -fs -c "$JAR" "http://127.0.0.1:$PORT/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)"
curl -fs -b "$JAR" -c "$JAR" -o /dev/null \
    --data-urlencode "_csrf=$CSRF" --data-urlencode "username=bench" \
    --data-urlencode "password=bench-password-1" --data-urlencode "next=/" "http://127.0.0.1:$PORT/login"
COOKIE="$(awk '(!/^#/ || /^#HttpOnly_/) && NF >= 7 {printf "%s=%s; ", $6, $7}' "$JAR")"
URL="http://127.0.0.1:$PORT/nutrition?region=15.03&month=2024-02"
STATUS="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$URL")"
[ "$STATUS" = 200 ] || { echo "the page answered $STATUS, not 200"; exit 1; }
cat >"$DIR/p95.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("requests %d, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    summary.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
echo "GET $URL, one connection, $DURATION:"
wrk -t1 -c1 -d"$DURATION" -s "$DIR/p95.lua" -H "Cookie: $COOKIE" "$URL" | grep -E 'Requests/sec|requests '
