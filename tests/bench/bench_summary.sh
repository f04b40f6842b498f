#!/bin/sh
# Many submissions: `selfeval summary --csv` over 10,000 generated submissions against one jq
# process reading the same files and printing their header fields (same run, warm cache), and
# the peak memory of summary and of check --json for 1,000 against 10,000 submissions (the
# memory of a streaming command must not grow with the number of drafts).
#
#   sh tests/bench/bench_summary.sh BUILD
#
# Environment: BENCH_MANY (10000) and BENCH_FEW (1000) submissions, BENCH_MANY_REPS (3)
# interleaved runs of jq and summary (the fastest of each counts: a shared machine only ever
# slows a run down). Lines as tests/bench/bench.h prints them.
set -u
BUILD=${1:-build}
BIN="$BUILD/rel/selfeval"
MANY=${BENCH_MANY:-10000}
FEW=${BENCH_FEW:-1000}
REPS=${BENCH_MANY_REPS:-3}
OUT="$BUILD/bench"
export SELFEVAL_FORMS="$PWD/forms"

if [ ! -x "$BIN" ]; then
  echo "summary: skipped: $BIN is not built (run make first)"
  exit 0
fi
for tool in jq /usr/bin/time; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "summary: skipped: $tool is not installed (sh scripts/deps.sh bench)"
    exit 0
  fi
done

for n in "$FEW" "$MANY"; do
  if [ ! -f "$OUT/subs-$n/.complete" ]; then
    rm -rf "$OUT/subs-$n"
    python3 scripts/gen-submissions.py "$n" "$OUT/subs-$n" && : >"$OUT/subs-$n/.complete" || {
      echo "summary: FAILED: cannot generate $n submissions"; exit 1; }
  fi
done
DIR="$OUT/subs-$MANY"
LIST="$OUT/subs-$MANY.list"
find "$DIR" -name '*.json' | sort >"$LIST"
cat $(cat "$LIST") >/dev/null   # warm cache for both

# elapsed seconds and user+system seconds of a command, from /usr/bin/time
measure() { # measure FILE CMD...: "ELAPSED CPU MAXRSS_KB" into FILE
  f=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$f.t" "$@" >/dev/null 2>"$f.err"
  # a run that failed (every draft refused: forms newer than the binary) is fast, not a
  # figure; check exits 1 whenever a draft has findings, which these have
  if [ "$2" != check ] && grep -q "non-zero status" "$f.t"; then
    echo "summary: FAILED: $1 exited non-zero: $(head -n 1 "$f.err")"
    exit 1
  fi
  # the last line: /usr/bin/time first says when the command exited with a non-zero status
  tail -n 1 "$f.t" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' >"$f"
}
JQ='[input_filename, .meta.unit, .meta.year, .form.id, .meta.status, .meta.modified] | @csv'
best_jq=""; best_sum=""; cpu_jq=""; cpu_sum=""
i=0
while [ "$i" -lt "$REPS" ]; do
  # shellcheck disable=SC2046
  measure "$OUT/m.jq" jq -r "$JQ" $(cat "$LIST")
  measure "$OUT/m.sum" "$BIN" summary --csv "$DIR"
  read -r ej cj _ <"$OUT/m.jq"
  read -r es cs _ <"$OUT/m.sum"
  if [ -z "$best_jq" ] || awk "BEGIN{exit !($ej < $best_jq)}"; then best_jq=$ej; cpu_jq=$cj; fi
  if [ -z "$best_sum" ] || awk "BEGIN{exit !($es < $best_sum)}"; then best_sum=$es; cpu_sum=$cs; fi
  i=$((i + 1))
done
awk -v s="$best_sum" -v j="$best_jq" -v cs="$cpu_sum" -v cj="$cpu_jq" -v n="$MANY" 'BEGIN {
  r = s / j
  printf "summary.csv_%d: %.3f s (ratio %.2f vs jq_headers; target <= 2: %s)\n", n, s, r, r <= 2 ? "met" : "MISSED"
  printf "summary.jq_headers_%d: %.3f s  # one jq process, the same files\n", n, j
  printf "summary.cpu_%d: %.2f s (ratio %.2f vs jq_cpu)  # user+system seconds: what a loaded machine does not change\n", n, cs, cs / cj
}'

# peak memory: summary and check --json, few against many
for cmd in summary check; do
  for n in "$FEW" "$MANY"; do
    if [ "$cmd" = summary ]; then
      measure "$OUT/m.$cmd.$n" "$BIN" summary --csv "$OUT/subs-$n"
    else
      # shellcheck disable=SC2046
      measure "$OUT/m.$cmd.$n" "$BIN" check --json $(find "$OUT/subs-$n" -name '*.json' | sort)
    fi
  done
  read -r _ _ few <"$OUT/m.$cmd.$FEW"
  read -r _ _ many <"$OUT/m.$cmd.$MANY"
  awk -v a="$few" -v b="$many" -v c="$cmd" -v nf="$FEW" -v nm="$MANY" 'BEGIN {
    r = b / a
    printf "%s.peak_kb_%d: %d KB  # /usr/bin/time %%M\n", c, nf, a
    printf "%s.peak_kb_%d: %d KB (ratio %.2f vs peak_kb_%d; target <= 1.2 and under 100 MB: %s)\n", c, nm, b, r, nf, (r <= 1.2 && b < 102400) ? "met" : "MISSED"
  }'
done
rm -f "$OUT"/m.*
