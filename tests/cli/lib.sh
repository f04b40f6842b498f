# Helpers shared by the command-line test scripts (sourced: `. "$PWD/tests/cli/lib.sh"`; the
# checks write into the script's temporary folder $tmp). Every check prints one line, "ok   WHAT" or
# "FAIL WHAT" with the first lines of the last command's standard error, and counts it; the
# script ends with `cli_done NAME`, which prints the counts and sets the exit status.
passed=0; failed=0

# cli_program NAME: the program under test in $BIN (SELFEVAL_BIN, else BUILD's test build, BUILD
# being the script's build folder) and the forms in SELFEVAL_FORMS (the repository's unless set);
# the script stops when the program is not built.
cli_program() {
  BIN=${SELFEVAL_BIN:-$PWD/${BUILD:-build}/test/selfeval}
  SELFEVAL_FORMS=${SELFEVAL_FORMS:-$PWD/forms}
  export SELFEVAL_FORMS
  if [ ! -x "$BIN" ]; then
    echo "$1: $BIN is not built"
    exit 1
  fi
}
ok()   { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -f "$tmp/err" ] && sed 's/^/     stderr: /' "$tmp/err" | head -5; return 0; }

# t WHAT WANT_STATUS ARGS...: runs the program under test, stdout in $tmp/out, stderr in $tmp/err
t() {
  what=$1; want=$2; shift 2
  "$BIN" "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" -eq "$want" ]; then ok "$what (exit $want)"; else fail "$what: exit $got, expected $want"; fi
}
# has FILE TEXT WHAT: the file contains the text (a fixed string); hasnt: it does not
has() {
  if grep -qF -- "$2" "$1"; then ok "$3"; else fail "$3 ('$2' not in $(basename "$1"))"; fi
}
hasnt() {
  if grep -qF -- "$2" "$1"; then fail "$3 ('$2' in $(basename "$1"))"; else ok "$3"; fi
}
# is GOT EXPECTED WHAT: two strings are equal
is() {
  if [ "$1" = "$2" ]; then ok "$3"; else fail "$3 (got '$1', expected '$2')"; fi
}
# verdict WHAT: ok or fail by the status of the command before it
verdict() { if [ "$?" -eq 0 ]; then ok "$1"; else fail "$1"; fi; }

# cli_done NAME: the counts; the status is that of the whole script
cli_done() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
