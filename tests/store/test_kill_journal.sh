#!/bin/sh
# Kills a journal writer with SIGKILL at random moments (20 runs, 10-300 ms) and checks that
# every record it reported as appended is read back: records exactly {"n":1}..{"n":N} in order,
# and N is the last number reported or one more (appended, killed before reporting).
# Records handed to the kernel must survive a process kill; power loss is the fsync policy's
# business. Usage: sh tests/store/test_kill_journal.sh BUILD_DIR
set -u
BUILD=${1:-build}
TOOLS=${SELFEVAL_TOOLS:-$PWD/$BUILD/test/tools}
W="$TOOLS/journal_writer"
RUNS=${KILL_RUNS:-20}
if [ ! -x "$W" ]; then
  echo "test_kill_journal: $W is not built"
  exit 1
fi
# The writer is built with ASan; leak reports of a killed process would be noise.
ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
export ASAN_OPTIONS

tmp=$(mktemp -d /tmp/selfeval-kill-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

rand() { # a number in 0..$1-1
  echo $(( $(od -An -N2 -tu2 /dev/urandom | tr -dc 0-9) % $1 ))
}

run=0; failed=0; early=0; total=0; min=""; max=0; ignored_total=0
while [ "$run" -lt "$RUNS" ]; do
  run=$((run + 1))
  rm -f "$tmp/d.json.journal" "$tmp/progress"
  ms=$(( $(rand 291) + 10 ))
  "$W" write "$tmp/d.json" "$tmp/progress" &
  pid=$!
  # On a loaded machine (and with the sanitizers) the writer can take longer than the delay
  # to start: every other run counts the delay from its first record (waiting at most 10 s),
  # so that the kills land in the writing loop; the others may land anywhere, before too.
  if [ $((run % 2)) -eq 1 ]; then
    w=0
    while [ ! -s "$tmp/progress" ] && [ "$w" -lt 200 ] && kill -0 "$pid" 2>/dev/null; do
      sleep 0.05; w=$((w + 1))
    done
  fi
  sleep "$(printf '0.%03d' "$ms")"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  reported=0
  if [ -f "$tmp/progress" ]; then
    r=$(tr -dc 0-9 < "$tmp/progress")
    [ -n "$r" ] && reported=$r
  fi
  if [ ! -f "$tmp/d.json.journal" ]; then
    # killed before the journal existed: fine only if nothing was reported
    if [ "$reported" -ne 0 ]; then
      echo "run $run: journal missing but $reported records were reported"
      failed=$((failed + 1))
    fi
    early=$((early + 1))
    continue
  fi
  out=$("$W" read "$tmp/d.json")
  rc=$?
  n=$(echo "$out" | awk '{print $2}')
  ign=$(echo "$out" | awk '{print $4}')
  if [ $rc -ne 0 ] || [ -z "$n" ]; then
    echo "run $run: journal unreadable or out of order after ${ms} ms: $out"
    failed=$((failed + 1))
    continue
  fi
  if [ "$n" -lt "$reported" ] || [ "$n" -gt $((reported + 1)) ]; then
    echo "run $run: killed after ${ms} ms, writer reported $reported, journal has $n"
    failed=$((failed + 1))
    continue
  fi
  [ "$n" -eq 0 ] && early=$((early + 1))
  total=$((total + n))
  ignored_total=$((ignored_total + ign))
  [ "$n" -gt "$max" ] && max=$n
  if [ "$n" -gt 0 ] && { [ -z "$min" ] || [ "$n" -lt "$min" ]; }; then min=$n; fi
done

echo "journal kill test: $RUNS kills, $failed failed, $early before the first record," \
     "records per run ${min:-0}..$max (total $total), torn bytes ignored $ignored_total"
# A test that never killed a writer mid-stream proves nothing.
if [ $((RUNS - early)) -lt $((RUNS / 2)) ]; then
  echo "journal kill test: too few runs reached the writing loop"
  exit 1
fi
[ "$failed" -eq 0 ]
