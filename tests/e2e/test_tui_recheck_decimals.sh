#!/bin/sh
# A 复核得分 with 3 decimals: refused when typed (as by the CLI: the rule is in core); one
# already in a file counts rounded half up to 2, so the row's deviation and the status line's
# totals add up (7.555 -> 7.56: 偏差 -2.44 each, 95.53 - 4.88 = 90.65).
. "$(dirname "$0")/lib.sh"
e2e_init recheck_decimals
D=$E2E_DIR/d.json
jq '.format = "selfeval-draft/1.1" | .recheck = {"indicators.r2.score": {"score": "7.555", "reason": "r"},
                                                 "indicators.r3.score": {"score": "7.555", "reason": "r"}}' \
  "$PWD/tests/fixtures/seed001_project.json" > "$D" || e2e_fail "jq failed"

E2E_ENV="SELFEVAL_USER=市财政局王"
e2e_start 160 40 edit --review --english d.json
e2e_wait "Review"
e2e_wait "Self 95.53 · Re-check 90.65 · Deviation -4.88"
e2e_keys C-n C-n C-n C-n
e2e_wait "Section 5/7"
e2e_keys Down
e2e_wait "re-check 7.56 · deviation -2.44"
# typing one with 3 decimals is refused, with what to type
e2e_keys M-r
e2e_wait "Re-check actual"
e2e_keys Enter
e2e_wait "Re-check score"
e2e_keys Enter
e2e_wait "Reason for the re-check"
e2e_keys Enter
e2e_wait "more than 2 decimals"
# the refusal is a box; then the score is asked again, as typed
e2e_keys Enter
e2e_wait "Re-check score"
e2e_keys Escape
e2e_wait_gone "Re-check score"
e2e_keys F10
e2e_wait "[exit 0]"
e2e_finish
