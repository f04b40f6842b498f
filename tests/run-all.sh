#!/bin/sh
# Runs every test of `make check`: the cmocka unit binaries, then every test script
# (tests/diff, tests/cli, tests/store, tests/e2e: files named test_*.sh or test_*.py).
# Each script gets the build directory as $1 and passes by exiting 0.
# Ends with the plain summary line "N passed, N failed", after the last lines each failed
# test printed (again): CI keeps only the end of the output, so the reason must be there.
BUILD=${1:-build}
case "$BUILD" in /*) ABS=$BUILD ;; *) ABS=$PWD/$BUILD ;; esac
pass=0; fail=0; failed=""
export SELFEVAL_BIN="$ABS/test/selfeval"
export SELFEVAL_TOOLS="$ABS/test/tools"
export SELFEVAL_FORMS="$PWD/forms"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
logs=$(mktemp -d /tmp/selfeval-check-XXXXXX) || exit 1
trap 'rm -rf "$logs"' EXIT INT TERM

log_of() { echo "$logs/$(echo "$1" | tr / _).log"; }

# run NAME COMMAND...: runs one test, its output kept to be shown again if it fails
run() {
  name=$1; shift
  log=$(log_of "$name")
  "$@" > "$log" 2>&1
  rc=$?
  cat "$log"
  if [ $rc -eq 0 ]; then pass=$((pass+1)); return 0; fi
  fail=$((fail+1)); failed="$failed $name"; return 1
}

for t in "$BUILD"/test/unit/test_*; do
  [ -x "$t" ] || continue
  run "$t" "$t"
done

for dir in tests/diff tests/store tests/cli tests/e2e; do
  for t in "$dir"/test_*.sh "$dir"/test_*.py; do
    [ -f "$t" ] || continue
    echo "--- $t"
    case "$t" in
      *.py) run "$t" python3 "$t" "$BUILD" ;;
      *)    run "$t" sh "$t" "$BUILD" ;;
    esac
    if [ $? -eq 0 ]; then echo "--- ok: $t"; else echo "--- FAILED: $t"; fi
  done
done

echo
for t in $failed; do
  echo "--- the end of what $t printed:"
  tail -n 15 "$(log_of "$t")"
done
[ -n "$failed" ] && echo "failed:$failed"
echo "check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
