#!/bin/sh
# A re-check of a row the clerk deleted counts in no total and has no field to put Alt-r on:
# the findings list (F3) shows it (recheck.orphan) and Enter on it offers to clear it.
. "$(dirname "$0")/lib.sh"
e2e_init recheck_orphan
D=$E2E_DIR/d.json
cp "$PWD/tests/fixtures/seed001_project.json" "$E2E_DIR/a.json"
"$SELFEVAL_BIN" recheck-score "$E2E_DIR/a.json" indicators.r2.score --score 5 --reason 扣分 --by R \
  >/dev/null 2>&1 || e2e_fail "recheck-score of the fixture failed"
jq 'del(.values.indicators[1])' "$E2E_DIR/a.json" > "$D" || e2e_fail "jq failed"

E2E_ENV="SELFEVAL_USER=市财政局王"
e2e_start 120 30 edit --review --english d.json
e2e_wait "Review"
e2e_keys F3
e2e_wait "re-check of a row that no longer exists"
e2e_keys Enter
e2e_wait "Clear it?"
e2e_keys Left Enter
e2e_wait "Re-check of indicators.r2.score cleared"
e2e_keys C-s
e2e_wait "Saved"
e2e_keys F10
e2e_wait "[exit 0]"
got=$(jq -c '.recheck // {}' "$D")
[ "$got" = "{}" ] || e2e_fail "the re-check is still in the file: $got"
e2e_finish
