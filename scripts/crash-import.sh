#!/usr/bin/env bash
# Crash safety of the import. Kills `lintas import measurements` with SIGKILL at a random
# moment of a large import, KILLS times, each time on a fresh copy of the same database, and
# checks after every kill that
#   - the database is sound: `lintas check` (SQLite integrity_check and foreign_key_check, or a
#     full read of every PostgreSQL table; and every monthly tally equal to a recount), and
#   - the file is stored all or nothing: the measurements counted are those of before, or
#     those of before plus every row of the file.
#
#   scripts/crash-import.sh sqlite|postgres        KILLS=20 ROWS=100000 by default
#
# LINTAS_BIN picks the binary (default: target/release/lintas, built if missing). PostgreSQL
# comes from LINTAS_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres);
# the script creates and drops its own databases (lintas_crash_*). CI runs KILLS=3 ROWS=5000.
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${1:-sqlite}
KILLS=${KILLS:-20}
ROWS=${ROWS:-100000}
BIN=${LINTAS_BIN:-target/release/lintas}
PG=${LINTAS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
case "$BACKEND" in sqlite | postgres) ;; *) echo "usage: $0 sqlite|postgres" >&2; exit 64 ;; esac
if [ ! -x "$BIN" ]; then
  cargo build --release -q -p lintas
  BIN=target/release/lintas
fi
export LINTAS_LOG=${LINTAS_LOG:-error}

WORK=$(mktemp -d /tmp/lintas-crash.XXXXXX)
pg_db() { printf '%s/%s' "${PG%/*}" "$1"; }
psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql "$PG" -qtAX -v ON_ERROR_STOP=1 -c "$1" >/dev/null; }
cleanup() {
  if [ "$BACKEND" = postgres ]; then
    psql_admin "DROP DATABASE IF EXISTS lintas_crash_run WITH (FORCE)" || true
    psql_admin "DROP DATABASE IF EXISTS lintas_crash_base WITH (FORCE)" || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# The database every attempt starts from: the demo district, and the file to import.
if [ "$BACKEND" = sqlite ]; then
  "$BIN" --data-dir "$WORK/base" demo >/dev/null
  "$BIN" --data-dir "$WORK/base" bench file --rows "$ROWS" --output "$WORK/file.csv" >/dev/null
  "$BIN" --data-dir "$WORK/base" backup "$WORK/base.db" >/dev/null
  fresh() { rm -rf "$WORK/run"; mkdir -p "$WORK/run"; cp "$WORK/base.db" "$WORK/run/lintas.db"; }
  RUN=("$BIN" --data-dir "$WORK/run")
else
  psql_admin "DROP DATABASE IF EXISTS lintas_crash_run WITH (FORCE)"
  psql_admin "DROP DATABASE IF EXISTS lintas_crash_base WITH (FORCE)"
  psql_admin "CREATE DATABASE lintas_crash_base"
  "$BIN" --database-url "$(pg_db lintas_crash_base)" demo >/dev/null
  "$BIN" --database-url "$(pg_db lintas_crash_base)" bench file --rows "$ROWS" --output "$WORK/file.csv" >/dev/null
  fresh() {
    psql_admin "DROP DATABASE IF EXISTS lintas_crash_run WITH (FORCE)"
    psql_admin "CREATE DATABASE lintas_crash_run TEMPLATE lintas_crash_base"
  }
  RUN=("$BIN" --database-url "$(pg_db lintas_crash_run)")
fi
run() { "${RUN[@]}" "$@"; }

# Measurements stored, from `lintas check` (which also fails on any problem).
measurements() { run check | sed -n 's/.*measurements: \([0-9]*\).*/\1/p'; }

fresh
BEFORE=$(measurements)
# One import to the end: how long it takes (the kills fall inside that span) and what it stores.
start=$(date +%s%N)
run import measurements "$WORK/file.csv" >/dev/null
FULL_MS=$(( ($(date +%s%N) - start) / 1000000 ))
AFTER=$(measurements)
[ "$AFTER" -gt "$BEFORE" ] || { echo "the full import stored nothing ($BEFORE → $AFTER)" >&2; exit 1; }
echo "$BACKEND: $ROWS rows import in ${FULL_MS} ms; measurements $BEFORE before, $AFTER after"

nothing=0 all=0 finished=0
for i in $(seq 1 "$KILLS"); do
  fresh
  # The binary itself in the background (not a shell function: its PID is the import's).
  "${RUN[@]}" import measurements "$WORK/file.csv" >"$WORK/import.log" 2>&1 &
  pid=$!
  # Anywhere from 5% of a full import to its end.
  delay=$(( FULL_MS * 5 / 100 + (RANDOM * 32768 + RANDOM) % (FULL_MS * 95 / 100 + 1) ))
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    how="killed after ${delay} ms"
  else
    wait "$pid" || true
    finished=$((finished + 1))
    how="finished before the kill at ${delay} ms"
  fi
  if ! out=$(run check 2>&1); then
    echo "attempt $i ($how): the database is not sound:" >&2
    echo "$out" >&2
    exit 1
  fi
  n=$(echo "$out" | sed -n 's/.*measurements: \([0-9]*\).*/\1/p')
  if [ "$n" = "$BEFORE" ]; then
    nothing=$((nothing + 1)); what=nothing
  elif [ "$n" = "$AFTER" ]; then
    all=$((all + 1)); what=all
  else
    echo "attempt $i ($how): $n measurements — neither $BEFORE (nothing) nor $AFTER (all)" >&2
    exit 1
  fi
  echo "  attempt $i: $how; check ok; stored $what"
done
echo "$BACKEND: $KILLS kills ($((KILLS - finished)) during the import): database sound every time; file stored all or nothing ($nothing nothing, $all all)"
