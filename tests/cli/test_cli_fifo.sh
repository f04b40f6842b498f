#!/bin/sh
# FIFOs where a file is expected never hang a command: `check fifo.json`, a FIFO in the forms
# folder (`forms`, and `check` of a draft whose form is looked up there), a FIFO at the
# journal's name (`recover`). Each runs under a 10 s timeout; a hang fails the test.
# Usage: sh tests/cli/test_cli_fifo.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
BIN=${SELFEVAL_BIN:-$PWD/$BUILD/test/selfeval}
FORMS=${SELFEVAL_FORMS:-$PWD/forms}
if [ ! -x "$BIN" ]; then
  echo "test_cli_fifo: $BIN is not built"
  exit 1
fi
tmp=$(mktemp -d /tmp/selfeval-fifo-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

. "$PWD/tests/cli/lib.sh"
fail() { failed=$((failed + 1)); echo "FAIL $1"; sed 's/^/     /' "$tmp/err" "$tmp/out" 2>/dev/null | head -6; }
# t WHAT WANT_EXIT WANT_TEXT ARGS...: runs under a timeout; 124 means it hung
t() {
  what=$1; want=$2; text=$3; shift 3
  timeout 10 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  got=$?
  if [ "$got" -eq 124 ]; then fail "$what: hung (killed after 10 s)"; return; fi
  if [ "$got" -ne "$want" ]; then fail "$what: exit $got, expected $want"; return; fi
  if [ -n "$text" ] && ! grep -qF -- "$text" "$tmp/out" "$tmp/err"; then
    fail "$what: '$text' not said"; return
  fi
  ok "$what"
}

mkfifo "$tmp/fifo.json"
SELFEVAL_FORMS=$FORMS t "check fifo.json is refused" 2 "not a regular file" "$BIN" check "$tmp/fifo.json"

mkdir "$tmp/forms"
cp "$FORMS"/*.json "$tmp/forms/"
mkfifo "$tmp/forms/zz.json"
SELFEVAL_FORMS=$tmp/forms t "forms: a FIFO in the folder is named, the rest listed" 1 "not a regular file" "$BIN" forms
grep -q "project" "$tmp/out" && ok "forms: the real forms are listed" || fail "forms: the real forms are listed"

cp tests/fixtures/seed001_project.json "$tmp/d.json"
mkfifo "$tmp/d.json.journal"
SELFEVAL_FORMS=$FORMS t "recover with a FIFO at the journal's name" 2 "not a regular file" "$BIN" recover "$tmp/d.json"
SELFEVAL_FORMS=$FORMS t "recover --apply with a FIFO at the journal's name" 2 "not a regular file" "$BIN" recover "$tmp/d.json" --apply

cli_done test_cli_fifo
