#!/bin/sh
# Builds every libFuzzer target tests/fuzz/fuzz_NAME.c and runs each for SECONDS.
#
#   sh tests/fuzz/run.sh BUILD SECONDS        (what `make fuzz` runs; FUZZ_SECONDS=60)
#
# Each target is linked with ALL of src/core and src/store (the layers that take untrusted
# input; no curses), compiled once into BUILD/fuzz/obj with the fuzzer's coverage
# instrumentation, ASan and UBSan. UBSan is made fatal (-fno-sanitize-recover) so undefined
# behaviour counts as a crash instead of a line of output nobody reads.
#
# Corpus: BUILD/fuzz/corpus-NAME, seeded from tests/fuzz/seeds/NAME/ and kept between runs,
# so every run starts where the last one stopped. Crash, leak, timeout and out-of-memory
# inputs are written to BUILD/fuzz/ as NAME-crash-<sha1> (and NAME-leak-…, -timeout-…, -oom-…);
# replay one with:  BUILD/fuzz/fuzz_NAME BUILD/fuzz/NAME-crash-<sha1>. Findings of earlier runs
# are replayed first and reported as fixed (moved to BUILD/fuzz/fixed/) or as still failing.
#
# Targets run in parallel, one per CPU. Exit 1 when any target found something or failed to
# build, else 0.
set -u

BUILD=${1:-build}
SECONDS_EACH=${2:-60}
case "$SECONDS_EACH" in
  ''|*[!0-9]*) echo "fuzz: SECONDS must be a whole number, not '$SECONDS_EACH'" >&2; exit 2 ;;
esac

CC=${FUZZ_CC:-clang}
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "fuzz: $CC not found; run: sh scripts/deps.sh fuzz" >&2
  exit 2
fi

OUT="$BUILD/fuzz"
OBJ="$OUT/obj"
mkdir -p "$OBJ/core" "$OBJ/store" || exit 2

CFLAGS="-std=c11 -D_GNU_SOURCE -Iinclude -I/usr/include/cjson -g -O1 -fno-omit-frame-pointer"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
# the store reads many drafts on threads and hashes with nettle (store/batch.c)
LIBS="-lcjson -lunistring -lnettle -pthread"

# ---- the library, once (only what changed since the last run) ----
stale() {   # source object: true when the object is missing or older than the source or a header
  [ ! -f "$2" ] && return 0
  [ -n "$(find "$1" -newer "$2")" ] && return 0
  [ -n "$(find include src/core src/store -name '*.h' -newer "$2" | head -n 1)" ]
}
objs=""
build_failed=0
for src in src/core/*.c src/store/*.c; do
  [ -f "$src" ] || continue
  o="$OBJ/${src#src/}"; o="${o%.c}.o"
  # Rebuild when the source or any header is newer than the object (headers: cheap, coarse).
  if stale "$src" "$o"; then
    # shellcheck disable=SC2086
    if ! $CC $CFLAGS $SAN -fsanitize=fuzzer-no-link -c "$src" -o "$o"; then
      echo "fuzz: cannot compile $src" >&2
      build_failed=1
      continue
    fi
  fi
  objs="$objs $o"
done
if [ "$build_failed" -ne 0 ]; then
  echo "fuzz: the library does not compile with $CC; no target was run" >&2
  exit 1
fi

# ---- the targets ----
targets=""
for t in tests/fuzz/fuzz_*.c; do
  [ -f "$t" ] || continue
  name=$(basename "$t" .c); name=${name#fuzz_}
  bin="$OUT/fuzz_$name"
  # shellcheck disable=SC2086
  if $CC $CFLAGS $SAN -fsanitize=fuzzer "$t" $objs $LIBS -o "$bin" 2>"$OUT/build-$name.log"; then
    targets="$targets $name"
  else
    echo "fuzz: cannot build fuzz_$name (see $OUT/build-$name.log):" >&2
    head -n 20 "$OUT/build-$name.log" >&2
    build_failed=1
  fi
done
if [ -z "$targets" ]; then
  echo "fuzz: no target built" >&2
  exit 1
fi

# ---- run ----
# libFuzzer writes PREFIX + "crash-<sha1>" (or leak-, timeout-, oom-): the prefix carries the
# target's name so the findings of targets running side by side stay apart.
run_one() {   # name
  name=$1
  corpus="$OUT/corpus-$name"
  mkdir -p "$corpus"
  if [ -d "tests/fuzz/seeds/$name" ]; then
    # Seeds go in under their own names; the corpus keeps what earlier runs found.
    for s in "tests/fuzz/seeds/$name"/*; do
      [ -f "$s" ] && cp "$s" "$corpus/seed-$(basename "$s")"
    done
  else
    echo "fuzz: note: no seeds in tests/fuzz/seeds/$name/ (starting from an empty corpus)" >&2
  fi
  # -timeout: one input taking 10 s is a finding (a hang), not a slow machine.
  # -rss_limit_mb: a loader that balloons on a small file is a finding too.
  "$OUT/fuzz_$name" "$corpus" \
      -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$OUT/$name-" -print_final_stats=1 \
      >"$OUT/run-$name.log" 2>&1
  echo $? >"$OUT/run-$name.rc"
}

# Findings of earlier runs are replayed first: each is reported as fixed or still failing.
replay_old() {   # name
  name=$1
  for a in "$OUT/$name"-crash-* "$OUT/$name"-leak-* "$OUT/$name"-timeout-* "$OUT/$name"-oom-*; do
    [ -f "$a" ] || continue
    if "$OUT/fuzz_$name" -timeout=10 -rss_limit_mb=2048 "$a" >"$OUT/replay.log" 2>&1; then
      mkdir -p "$OUT/fixed"
      mv "$a" "$OUT/fixed/"
      echo "fuzz: $name: earlier finding $(basename "$a") no longer fails (moved to $OUT/fixed/)"
    else
      echo "fuzz: $name: earlier finding $a STILL FAILS"
      old_failing=1
    fi
  done
}

old_failing=0
for name in $targets; do
  replay_old "$name"
done

jobs_max=$(nproc 2>/dev/null || echo 1)
echo "fuzz: running$targets for ${SECONDS_EACH}s each, $jobs_max at a time"
running=0
for name in $targets; do
  run_one "$name" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs_max" ]; then
    wait
    running=0
  fi
done
wait

# ---- report ----
found=0
printf '\n%-12s %12s %8s %8s %8s  %s\n' target runs cov ft corpus result
for name in $targets; do
  log="$OUT/run-$name.log"
  rc=$(cat "$OUT/run-$name.rc" 2>/dev/null || echo 1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  # The last status line: "#123456	DONE   cov: 812 ft: 3021 corp: 210/40Kb ..."
  status=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  cov=$(printf '%s\n' "$status" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
  ft=$(printf '%s\n' "$status" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
  corp=$(find "$OUT/corpus-$name" -type f | wc -l)
  written=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log")
  if [ "$rc" -eq 0 ] && [ -z "$written" ]; then
    result="no crash"
  elif [ -n "$written" ]; then
    found=1
    result="FOUND: $(printf '%s' "$written" | tr '\n' ' ')"
  else
    found=1
    result="FAILED (exit $rc, see $log)"
  fi
  printf '%-12s %12s %8s %8s %8s  %s\n' "$name" "${runs:-?}" "${cov:-?}" "${ft:-?}" "$corp" "$result"
  if [ "$rc" -ne 0 ]; then
    # The first lines of the sanitizer's report say what and where.
    grep -E '==[0-9]+==ERROR|^SUMMARY|runtime error|ERROR: libFuzzer' "$log" | head -n 3 | sed 's/^/    /'
  fi
done
echo "fuzz: logs in $OUT/run-NAME.log; corpora in $OUT/corpus-NAME/; replay a finding with $OUT/fuzz_NAME FILE"
[ "$build_failed" -eq 0 ] || { echo "fuzz: some targets did not build (see above)"; found=1; }
[ "$old_failing" -eq 0 ] || found=1
[ "$found" -eq 0 ]
