#!/bin/sh
# The reviewer's inbox (`selfeval review DIR`, store/inbox.h) over 10,000 generated
# submissions: time until the first screenful of rows is read, time until all are read and
# sorted (against one jq process reading the same files' header fields, same run, warm cache),
# and the peak memory of `review --list` for 1,000 and 10,000 submissions (rows are kept, drafts
# are not: it grows by the rows' texts only).
#
#   sh tests/bench/bench_inbox.sh BUILD
#
# Environment: BENCH_MANY (10000) and BENCH_FEW (1000) submissions (shared with
# bench_summary.sh), BENCH_INBOX_REPS (3), BENCH_INBOX_FIRST (50: rows of a tall screen).
set -u
BUILD=${1:-build}
BIN="$BUILD/rel/selfeval"
LIB="$BUILD/rel/libselfeval.a"
MANY=${BENCH_MANY:-10000}
FEW=${BENCH_FEW:-1000}
REPS=${BENCH_INBOX_REPS:-3}
FIRST=${BENCH_INBOX_FIRST:-50}
OUT="$BUILD/bench"
export SELFEVAL_FORMS="$PWD/forms"

if [ ! -x "$BIN" ] || [ ! -f "$LIB" ]; then
  echo "inbox: skipped: $BIN is not built (run make first)"
  exit 0
fi
for tool in jq /usr/bin/time; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "inbox: skipped: $tool is not installed (sh scripts/deps.sh bench)"
    exit 0
  fi
done
mkdir -p "$OUT" || exit 1
CC=${CC:-cc}
PKG_CFLAGS=$(pkg-config --cflags libcjson 2>/dev/null || echo -I/usr/include/cjson)
# shellcheck disable=SC2086
$CC -std=c11 -D_GNU_SOURCE -Iinclude $PKG_CFLAGS -Wall -Wextra -Werror -O2 -g -Itests/bench \
  tests/bench/bench_inbox.c "$LIB" -lcjson -lunistring -lnettle -lncursesw -ltinfo -pthread \
  -o "$OUT/bench_inbox" || { echo "inbox: FAILED: cannot build bench_inbox"; exit 1; }

for n in "$FEW" "$MANY"; do
  if [ ! -f "$OUT/subs-$n/.complete" ]; then
    rm -rf "$OUT/subs-$n"
    python3 scripts/gen-submissions.py "$n" "$OUT/subs-$n" >/dev/null && : >"$OUT/subs-$n/.complete" || {
      echo "inbox: FAILED: cannot generate $n submissions"; exit 1; }
  fi
done
DIR="$OUT/subs-$MANY"
LIST="$OUT/inbox-$MANY.list"
find "$DIR" -name '*.json' | sort >"$LIST"
cat $(cat "$LIST") >/dev/null   # warm cache for both

# the reference: the fastest of REPS jq runs, in nanoseconds
JQ='[input_filename, .meta.unit, .meta.year, .form.id, .meta.status, .meta.modified] | @csv'
best=""
i=0
while [ "$i" -lt "$REPS" ]; do
  t0=$(date +%s%N)
  # shellcheck disable=SC2046
  jq -r "$JQ" $(cat "$LIST") >/dev/null
  t1=$(date +%s%N)
  d=$((t1 - t0))
  if [ -z "$best" ] || [ "$d" -lt "$best" ]; then best=$d; fi
  i=$((i + 1))
done
awk -v j="$best" -v n="$MANY" 'BEGIN { printf "inbox.jq_headers_%d: %.3f s  # one jq process, the same files\n", n, j / 1e9 }'
"$OUT/bench_inbox" "$DIR" "$FIRST" "$best" "$MANY" "$REPS" || { echo "inbox: FAILED"; exit 1; }

for n in "$FEW" "$MANY"; do
  /usr/bin/time -f "%M" -o "$OUT/inbox.mem.$n" "$BIN" review "$OUT/subs-$n" --list >/dev/null 2>&1
done
few=$(tail -n 1 "$OUT/inbox.mem.$FEW"); many=$(tail -n 1 "$OUT/inbox.mem.$MANY")
awk -v a="$few" -v b="$many" -v nf="$FEW" -v nm="$MANY" 'BEGIN {
  printf "inbox.peak_kb_%d: %d KB  # review --list, /usr/bin/time %%M\n", nf, a
  printf "inbox.peak_kb_%d: %d KB (ratio %.2f vs peak_kb_%d; target under 100 MB: %s)  # %.0f bytes more per row\n", nm, b, b / a, nf, b < 102400 ? "met" : "MISSED", (b - a) * 1024 / (nm - nf)
}'
rm -f "$OUT"/inbox.mem.* "$LIST"
