#!/bin/sh
# `selfeval collect` (docs/database.md): how fast and how lean, against references measured in
# the same run on the same files (docs/performance.md, "Collecting into a database").
#
#   sh tests/bench/bench_collect.sh BUILD
#
# - collect.jq_ref: ONE jq process reading the N submissions and printing their header fields
#   (warm cache: every file is read once before anything is timed).
# - collect.sqlite: collect of the same N files into a new SQLite file. Target <= 3 x jq_ref.
# - collect.mem_small / collect.mem_large: peak memory (/usr/bin/time -f %M) of collect into
#   SQLite of N/10 and N submissions: the same within 20 %, and under 100 MB.
# - collect.pg_copy_ref / collect.pg: rows per second into PostgreSQL 15 (a throwaway cluster):
#   a bare `psql \copy` of the very rows collect wrote (exported as CSV), beside collect of
#   the submissions holding BENCH_PG_TABLES project tables (10 a submission). No target.
# Environment: BENCH_SUBMISSIONS (10000), BENCH_PG_TABLES (100000; 0 skips PostgreSQL),
# BENCH_COLLECT_REPS (3: medians).
set -u
BUILD=${1:-build}
N=${BENCH_SUBMISSIONS:-10000}
PGT=${BENCH_PG_TABLES:-100000}
REPS=${BENCH_COLLECT_REPS:-3}
BIN=$PWD/$BUILD/rel/selfeval
OUT=$BUILD/bench/collect
export SELFEVAL_FORMS=$PWD/forms

if [ ! -x "$BIN" ]; then echo "collect: skipped ($BIN is not built)"; exit 0; fi
for tool in jq /usr/bin/time python3 psql; do
  command -v "$tool" >/dev/null || { echo "collect: skipped ($tool is missing)"; exit 0; }
done
mkdir -p "$OUT" || exit 1

now() { date +%s%N; }
# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.3f", ns / 1e9 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t ? "met" : "MISSED") }'; }

gen() {  # gen COUNT DIR [PROJECTS]: deterministic, made once and kept
  if [ ! -f "$2/.done" ]; then
    rm -rf "$2"
    python3 scripts/gen-submissions.py "$1" "$2" ${3:+"$3"} || return 1
    : >"$2/.done"
  fi
}

SUBS=$OUT/subs-$N
SMALL=$OUT/subs-$((N / 10))
gen "$N" "$SUBS" || { echo "collect: FAILED to generate $SUBS"; exit 1; }
gen "$((N / 10))" "$SMALL" || { echo "collect: FAILED to generate $SMALL"; exit 1; }
LIST=$OUT/files.txt
find "$SUBS" -name '*.json' | sort >"$LIST"

# ---- one jq against collect into SQLite, alternating, warm cache
JQ='[input_filename, .meta.unit, .meta.year, .form.id, .form.version] | @tsv'
xargs -a "$LIST" -s 2000000 -x jq -r "$JQ" >/dev/null || { echo "collect: FAILED (jq)"; exit 1; }
: >"$OUT/jq.ns"; : >"$OUT/sqlite.ns"
for r in $(seq 1 "$REPS"); do
  t0=$(now)
  xargs -a "$LIST" -s 2000000 -x jq -r "$JQ" >/dev/null
  t1=$(now)
  echo $((t1 - t0)) >>"$OUT/jq.ns"
  rm -f "$OUT/bench.sqlite" "$OUT/bench.sqlite-wal" "$OUT/bench.sqlite-shm" \
    "$OUT/bench.sqlite-journal"   # a new file is filled under a rollback journal
  t0=$(now)
  "$BIN" collect -q --db "$OUT/bench.sqlite" "$SUBS" || { echo "collect: FAILED (collect into SQLite)"; exit 1; }
  t1=$(now)
  echo $((t1 - t0)) >>"$OUT/sqlite.ns"
done
jq_ns=$(median <"$OUT/jq.ns"); sq_ns=$(median <"$OUT/sqlite.ns")
rows=$(sqlite3 "$OUT/bench.sqlite" "SELECT (SELECT count(*) FROM submissions) + (SELECT count(*) FROM tables) + (SELECT count(*) FROM indicators) + (SELECT count(*) FROM figures) + (SELECT count(*) FROM findings)" 2>/dev/null || echo 0)
r=$(ratio "$sq_ns" "$jq_ns")
echo "collect.jq_ref: $(secs "$jq_ns") s  # one jq over $N submissions, header fields"
echo "collect.sqlite: $(secs "$sq_ns") s (ratio $r vs collect.jq_ref; target <= 3: $(verdict "$r" 3))  # $rows rows"

# ---- peak memory: N/10 against N submissions
mem() {
  rm -f "$OUT/mem.sqlite" "$OUT/mem.sqlite-wal" "$OUT/mem.sqlite-shm" "$OUT/mem.sqlite-journal"
  /usr/bin/time -f %M -o "$OUT/mem.kb" "$BIN" collect -q --db "$OUT/mem.sqlite" "$1" || return 1
  cat "$OUT/mem.kb"
}
small_kb=$(mem "$SMALL") || { echo "collect: FAILED (memory, small)"; exit 1; }
large_kb=$(mem "$SUBS") || { echo "collect: FAILED (memory, large)"; exit 1; }
r=$(ratio "$large_kb" "$small_kb")
echo "collect.mem_small: $small_kb KB  # peak RSS, $((N / 10)) submissions into SQLite"
echo "collect.mem_large: $large_kb KB (ratio $r vs collect.mem_small; target <= 1.2: $(verdict "$r" 1.2))  # $N submissions"
r=$(ratio "$large_kb" 102400)
echo "collect.mem_large_100mb: $large_kb KB (ratio $r vs 100MB; target <= 1: $(verdict "$r" 1))"
rm -f "$OUT/mem.sqlite"* "$OUT/bench.sqlite"*

# ---- PostgreSQL: rows per second, collect beside a bare psql \copy of the same rows
[ "$PGT" -gt 0 ] || { echo "collect.pg: skipped (BENCH_PG_TABLES=0)"; exit 0; }
. tests/lib/pg_cluster.sh
trap 'pg_cluster_stop' EXIT
trap 'exit 1' INT TERM HUP
pg_cluster_start || { echo "collect: FAILED (PostgreSQL cluster)"; exit 1; }
PGSUBS=$OUT/subs-pg-$PGT
gen "$((PGT / 10))" "$PGSUBS" 10 || { echo "collect: FAILED to generate $PGSUBS"; exit 1; }
psql -X -q "$PG_URL" -c "CREATE DATABASE collected" -c "CREATE DATABASE copied" || exit 1
CURL=$(pg_url collected); PURL=$(pg_url copied)
find "$PGSUBS" -name '*.json' | sort | xargs cat >/dev/null   # warm cache
t0=$(now)
"$BIN" collect -q --db "$CURL" "$PGSUBS" || { echo "collect: FAILED (collect into PostgreSQL)"; exit 1; }
t1=$(now)
pg_ns=$((t1 - t0))
# the same rows as CSV, into an empty copy of the schema, with psql \copy (one per table)
psql -X -q "$CURL" -c "SELECT 1" >/dev/null
pg_dump --schema-only --no-owner "$CURL" | psql -X -q "$PURL" >/dev/null || exit 1
total=0
for t in submissions tables indicators figures findings; do
  psql -X -q "$CURL" -c "\\copy $t TO '$OUT/$t.csv' CSV" || exit 1
  total=$((total + $(psql -X -At "$CURL" -c "SELECT count(*) FROM $t")))
done
t0=$(now)
for t in submissions tables indicators figures findings; do
  psql -X -q "$PURL" -c "\\copy $t FROM '$OUT/$t.csv' CSV" || exit 1
done
t1=$(now)
copy_ns=$((t1 - t0))
rm -f "$OUT"/*.csv
ntables=$(psql -X -At "$CURL" -c "SELECT count(*) FROM tables WHERE form = 'project'")
copy_rps=$(awk -v n="$total" -v ns="$copy_ns" 'BEGIN { printf "%d", n / (ns / 1e9) }')
pg_rps=$(awk -v n="$total" -v ns="$pg_ns" 'BEGIN { printf "%d", n / (ns / 1e9) }')
printf '%s\n' "collect.pg_copy_ref: $copy_rps rows/s  # psql \\copy of the same $total rows as CSV, $(secs "$copy_ns") s"
echo "collect.pg: $pg_rps rows/s (ratio $(ratio "$pg_rps" "$copy_rps") vs collect.pg_copy_ref)  # $ntables project tables in $((PGT / 10)) submissions, $(secs "$pg_ns") s, drafts read and checked included"
