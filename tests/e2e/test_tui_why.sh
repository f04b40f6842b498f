#!/bin/sh
# The focused figure says how it came about (its derivation under the field), and a
# placeholder row — a category the printed form keeps with nothing else — is drawn dim,
# without findings.
. "$(dirname "$0")/lib.sh"
e2e_init why

e2e_start 100 30 --form=project p.json
e2e_wait "Section 1/7"
# seed 001's funds: 990 budgeted, 547.6879 spent
e2e_keys C-n Tab
e2e_type "990"
e2e_keys Tab
e2e_type "547.6879"
e2e_wait "Total 5.53"
# past the weight (10 by default) to the execution rate, then the execution score: each
# with its arithmetic
e2e_keys Tab Tab
e2e_wait "55.32% = 547.6879 ÷ 990"
e2e_keys Tab
e2e_wait "5.53 = 10 × 547.6879 ÷ 990, rounded half up"
# a placeholder row: 成本指标 / 社会成本指标 and nothing else
e2e_keys C-n C-n C-n
e2e_wait "Section 5/7"
e2e_keys F5
e2e_wait "Row 1 added"
e2e_type "成本指标"
e2e_keys Tab
e2e_type "社会成本指标"
e2e_keys Tab
# the cells the focus is not on are dim (the focus comes back to the row's first cell),
# and the section has no finding
e2e_keys C-n
e2e_keys C-p
e2e_wait "社会成本指标"
e2e_wait "0 errors  ? 0 warnings"
esc=$(printf '\033')
row=$(tmux -S "$E2E_SOCK" capture-pane -e -p -t "$E2E_TARGET" | grep -F "社会成本指标" | head -1)
printf '%s' "$row" | grep -q "$esc\[[0-9;]*2m\($esc\[[0-9;]*m\)*社会成本指标" ||
    e2e_fail "the placeholder row is not dim: $(printf '%s' "$row" | od -c | head -5)"
e2e_capture | grep -q "Level 3.*required" && e2e_fail "a placeholder row asks for 三级指标"
# saved as typed: the placeholder row is kept
e2e_keys C-s
e2e_wait "Saved"
e2e_keys F10
e2e_wait_exit >/dev/null
got=$(e2e_json "$E2E_DIR/p.json" "d['values']['indicators'][0].get('level2', '')")
[ "$got" = "社会成本指标" ] || e2e_fail "the placeholder row was not kept: '$got'"
e2e_finish
