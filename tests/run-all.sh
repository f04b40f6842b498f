#!/bin/sh
# Runs every test of `make check`: the cmocka unit binaries, then every test script
# (tests/diff, tests/cli, tests/store, tests/e2e: files named test_*.sh or test_*.py).
# Each script gets the build directory as $1 and passes by exiting 0.
# Ends with the plain summary line "N passed, N failed".
BUILD=${1:-build}
case "$BUILD" in /*) ABS=$BUILD ;; *) ABS=$PWD/$BUILD ;; esac
pass=0; fail=0; failed=""
export SELFEVAL_BIN="$ABS/test/selfeval"
export SELFEVAL_TOOLS="$ABS/test/tools"
export SELFEVAL_FORMS="$PWD/forms"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

for t in "$BUILD"/test/unit/test_*; do
  [ -x "$t" ] || continue
  if "$t"; then pass=$((pass+1)); else fail=$((fail+1)); failed="$failed $(basename "$t")"; fi
done

for dir in tests/diff tests/store tests/cli tests/e2e; do
  for t in "$dir"/test_*.sh "$dir"/test_*.py; do
    [ -f "$t" ] || continue
    echo "--- $t"
    case "$t" in
      *.py) python3 "$t" "$BUILD" ;;
      *)    sh "$t" "$BUILD" ;;
    esac
    if [ $? -eq 0 ]; then pass=$((pass+1)); echo "--- ok: $t"
    else fail=$((fail+1)); failed="$failed $t"; echo "--- FAILED: $t"; fi
  done
done

echo
[ -n "$failed" ] && echo "failed:$failed"
echo "check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
