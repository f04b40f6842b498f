#!/bin/sh
# A typed override: typing a score that differs from the rule's asks for a reason when the
# focus leaves it; until there is one the rule's figure counts and the typed one is marked;
# with the reason the typed score counts, shows as overridden, and is saved with its reason.
. "$(dirname "$0")/lib.sh"
e2e_init override

row1() { e2e_capture | grep -E '^ *[!?i]? +1[< ]' | head -1; }
wait_row1() {
    end=$(( $(date +%s) + E2E_TIMEOUT ))
    while ! row1 | grep -qF -- "$1"; do
        [ "$(date +%s)" -ge "$end" ] && e2e_fail "row 1 has no '$1': $(row1)"
        sleep 0.05
    done
}

e2e_start 80 24 --form=project p.json
e2e_wait "Section 1/7"
# funds spent in full: the execution score is its weight, 10
e2e_keys C-n Tab
e2e_type "100"
e2e_keys Tab
e2e_type "100"
e2e_wait "Total 10.00"
e2e_keys C-n C-n C-n
e2e_wait "Section 5/7"
e2e_keys F5
e2e_wait "Row 1 added"
e2e_type "产出指标"
e2e_keys Tab Tab
e2e_type "巡查次数"
e2e_keys Tab
e2e_type "≥10次"
e2e_keys Tab
e2e_type "8次"
e2e_keys Tab
e2e_type "10"
# direction, tier, not applicable: then the score, 10 × 8 / 10 by the rule
e2e_keys Tab Tab Tab Tab
e2e_wait "rule: 8.00"
e2e_wait "Total 18.00"
e2e_type "9"
e2e_wait "the rule gives 8.00"
# leaving asks; Esc leaves it without a reason: marked, and the rule's 8.00 still counts
e2e_keys Tab
e2e_wait "Reason for the override"
e2e_wait "The score 9 differs from the rule's 8.00"
e2e_keys Escape
e2e_wait_gone "Reason for the override"
wait_row1 "9!"
e2e_wait "Total 18.00"
# F7 on the score asks again; with a reason the typed 9 counts
e2e_keys BTab
e2e_keys F7
e2e_wait "Reason for the override"
e2e_type "按实际巡查质量评定"
e2e_keys Enter
e2e_wait "Reason recorded"
e2e_wait "Total 19.00"
e2e_keys Tab
e2e_wait_gone "Reason for the override" 1
wait_row1 "9.00*"
e2e_keys C-s
e2e_wait "Saved to"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
got=$(e2e_json "$E2E_DIR/p.json" \
      "'%s|%s' % (d['values']['indicators'][0]['score'], [o['reason'] for k, o in d['overrides'].items() if k.endswith('.score')])")
[ "$got" = "9|['按实际巡查质量评定']" ] || e2e_fail "saved '$got'"

# reopened: still overridden, the reason shown on the score
e2e_start 80 24 p.json
e2e_wait "Section 1/7"
e2e_wait "Total 19.00"
e2e_keys C-n C-n C-n C-n
e2e_wait "Section 5/7"
e2e_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab
e2e_wait "replaces the rule's 8.00; reason: 按实际"
e2e_keys Tab
wait_row1 "9.00*"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
