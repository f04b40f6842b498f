#!/bin/sh
# Every benchmark of `make bench`, then one summary table. Ratios are measured against a
# reference in the same run (cJSON alone, one write() call, dialog), so they mean the same on
# any machine; the absolute figures stand beside them. docs/performance.md explains each line.
#
#   sh tests/bench/run.sh BUILD          (needs BUILD/rel/libselfeval.a: `make` first)
#
# Output of the programs: lines "name: VALUE UNIT (ratio R vs REF; target <= T: met|MISSED)"
# (tests/bench/bench.h). Everything is also kept in BUILD/bench/results.txt.
# Environment: BENCH_ROWS (2000) indicator rows of the large draft, BENCH_REPS (11)
# repetitions of the core and store measurements, BENCH_TERM_RUNS (5) editor start-ups,
# BENCH_MANY (10000) / BENCH_FEW (1000) generated submissions (tests/bench/bench_summary.sh).
# Exit 1 when a benchmark could not run; a missed target is reported, not an error.
set -u

BUILD=${1:-build}
ROWS=${BENCH_ROWS:-2000}
REPS=${BENCH_REPS:-11}
OUT="$BUILD/bench"
LIB="$BUILD/rel/libselfeval.a"

if [ ! -f "$LIB" ]; then
  echo "bench: $LIB is missing; build first: make BUILD=$BUILD" >&2
  exit 1
fi
mkdir -p "$OUT" "$OUT/store" || exit 1

CC=${CC:-cc}
PKG_CFLAGS=$(pkg-config --cflags libcjson 2>/dev/null || echo -I/usr/include/cjson)
CFLAGS="-std=c11 -D_GNU_SOURCE -Iinclude $PKG_CFLAGS -Wall -Wextra -Werror -Wshadow \
-Wstrict-prototypes -Wmissing-prototypes -Wno-sign-compare -O2 -g"
LIBS="-lcjson -lunistring -lnettle -lncursesw -ltinfo -pthread"

failed=0
for b in bench_core bench_store; do
  # shellcheck disable=SC2086
  if ! $CC $CFLAGS -Itests/bench "tests/bench/$b.c" "$LIB" $LIBS -o "$OUT/$b"; then
    echo "bench: cannot build $b" >&2
    exit 1
  fi
done

# The large draft: deterministic, so every run measures the same bytes.
DRAFT="$OUT/draft-$ROWS.json"
if [ ! -f "$DRAFT" ]; then
  python3 scripts/gen-large-draft.py "$ROWS" "$DRAFT" || { echo "bench: cannot make $DRAFT" >&2; exit 1; }
fi

RESULTS="$OUT/results.txt"
: >"$RESULTS"
start=$(date +%s)
{
  echo "# selfeval bench, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(uname -sr)"
  "$OUT/bench_core" forms "$DRAFT" "$REPS" || { echo "bench: bench_core FAILED"; echo FAILED >"$OUT/failed"; }
  # The store benchmark writes beside the build, on the disk drafts live on (/tmp may be tmpfs,
  # where fsync costs nothing).
  "$OUT/bench_store" "$DRAFT" "$OUT/store" "$((REPS * 2 - 1))" || { echo "bench: bench_store FAILED"; echo FAILED >"$OUT/failed"; }
  sh tests/bench/bench_term.sh "$BUILD" "$DRAFT" || { echo "bench: terminal benchmark FAILED"; echo FAILED >"$OUT/failed"; }
  sh tests/bench/bench_summary.sh "$BUILD" || { echo "bench: many-submissions benchmark FAILED"; echo FAILED >"$OUT/failed"; }
  sh tests/bench/bench_inbox.sh "$BUILD" || { echo "bench: inbox benchmark FAILED"; echo FAILED >"$OUT/failed"; }
  sh tests/bench/bench_collect.sh "$BUILD" || { echo "bench: collect benchmark FAILED"; echo FAILED >"$OUT/failed"; }
} 2>&1 | tee "$RESULTS"
if [ -f "$OUT/failed" ]; then
  rm -f "$OUT/failed"
  failed=1
fi
rm -rf "$OUT/store"
end=$(date +%s)

# ---- the summary table ----
echo
echo "summary ($((end - start)) s; all lines in $RESULTS):"
awk '
  /^[a-z]+\.[A-Za-z0-9_.+]+: / {
    name = $1; sub(/:$/, "", name)
    rest = $0; sub(/^[^:]*: /, "", rest)
    note = ""
    if ((i = index(rest, "  # ")) > 0) { note = substr(rest, i + 4); rest = substr(rest, 1, i - 1) }
    value = rest; ratio = ""; ref = ""; target = ""
    if ((i = index(rest, " (ratio ")) > 0) {
      value = substr(rest, 1, i - 1)
      r = substr(rest, i + 8); sub(/\)$/, "", r)
      n = split(r, parts, "; target ")
      split(parts[1], rv, " vs ")
      ratio = rv[1]; ref = rv[2]
      if (n > 1) target = parts[2]
    }
    printf "%-30s %14s  %9s %-18s %s\n", name, value, ratio, ref, target
    if (target ~ /MISSED/) missed++
    next
  }
  /skipped|FAILED/ { print "  " $0 }
  BEGIN { printf "%-30s %14s  %9s %-18s %s\n", "benchmark", "value", "ratio", "vs", "target" }
  END { printf "\ntargets missed: %d\n", missed + 0 }
' "$RESULTS"
exit "$failed"
