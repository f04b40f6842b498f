#!/bin/sh
# Form files people write themselves are read strictly: a duplicate key or a bad value stops
# the program (exit 2) with the form file, the line and what is allowed; nothing is defaulted.
# Usage: sh tests/cli/test_cli_forms.sh BUILD_DIR   (env SELFEVAL_BIN)
set -u
BUILD=${1:-build}
BIN=${SELFEVAL_BIN:-$PWD/$BUILD/test/selfeval}
if [ ! -x "$BIN" ]; then
  echo "test_cli_forms: $BIN is not built"
  exit 1
fi
tmp=$(mktemp -d /tmp/selfeval-forms-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/forms"
SELFEVAL_FORMS=$tmp/forms
export SELFEVAL_FORMS

. "$PWD/tests/cli/lib.sh"

# form EXTRA: writes forms/t.json, a one-table form whose table has EXTRA on line 5
form() {
  cat >"$tmp/forms/t.json" <<JSON
{"format": "selfeval-form/1", "id": "t", "version": "1",
 "title": "T",
 "sections": [{"id": "s", "table": true, "title": "S",
   "columns": [{"id": "a", "type": "text", "label": "A"}],
   $1}]}
JSON
}
printf '{"format": "selfeval-draft/1.0", "form": {"id": "t", "version": "1"}, "values": {}}\n' \
  >"$tmp/d.json"

form '"min_rows": 1'
t "a good form" 0 check "$tmp/d.json"

form '"min_rows": 1, "min_rows": 2'
t "a duplicate key" 2 check "$tmp/d.json"
has "$tmp/err" "t.json line 5" "a duplicate key: the form file and line"
has "$tmp/err" "min_rows" "a duplicate key: the key named"

form '"min_rows": "lots"'
t "min_rows: \"lots\"" 2 check "$tmp/d.json"
has "$tmp/err" "t.json line 5, column" "min_rows: the form file, line and column"
has "$tmp/err" "whole number" "min_rows: what is allowed"

form '"row_prefix": "9-bad"'
t "row_prefix: \"9-bad\"" 2 check "$tmp/d.json"
has "$tmp/err" "t.json line 5, column" "row_prefix: the form file, line and column"
has "$tmp/err" "letters" "row_prefix: what is allowed"

form '"label": "L"'
t "a table section with a label instead of a title" 2 check "$tmp/d.json"
has "$tmp/err" "title" "a table section's label: says to use the title"

t "new with a broken form" 2 new t -o "$tmp/n.json"
has "$tmp/err" "t.json line 5" "new with a broken form: the form file and line"

cli_done test_cli_forms
