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

# the clerk deletes the re-checked row in the editor (F8): the status line no longer counts it
# (before: Self 85.53 · Re-check 90.53), and F3 lists it at once
C=$E2E_DIR/c.json
cp "$E2E_DIR/a.json" "$C"
e2e_start 160 40 --english c.json
e2e_wait "Re-check 90.53"
e2e_keys C-n C-n C-n C-n
e2e_wait "Section 5/7"
e2e_keys Down F8
e2e_wait "Delete row 2?"
e2e_keys Left Enter
e2e_wait "Row 2 deleted"
e2e_wait_gone "Re-check 90.53"
e2e_keys F3
e2e_wait "re-check of a row that no longer exists"
e2e_keys Escape

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
