#!/bin/sh
# A table printed without its 二级指标 column (issue 9 item 5): a form whose indicators table
# says "hidden_columns": ["level2"] shows no 二级 column in the editor's grid, Tab goes from
# 一级 straight to 三级, and a cost row carrying the 二级 name in its 三级 cell and nothing else
# raises no finding (the printed 二级 heading, a placeholder).
. "$(dirname "$0")/lib.sh"
e2e_init hidden_level2
forms=$E2E_DIR/forms
cp -r "$SELFEVAL_FORMS" "$forms"
python3 - "$forms/project.json" <<'PY'
import json, sys
p = sys.argv[1]
f = json.load(open(p, encoding='utf-8'))
n = 0
for s in f['sections']:
    if s['id'] == 'indicators':
        s['hidden_columns'] = ['level2']
        n += 1
assert n == 1
json.dump(f, open(p, 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
PY
E2E_ENV="SELFEVAL_FORMS=$forms"
e2e_start 100 24 --form=project p.json
e2e_wait "Section 1/7"
e2e_keys C-n C-n C-n C-n
e2e_wait "Section 5/7"
e2e_keys F5
e2e_wait "added"
e2e_wait "Level 1"
e2e_wait "Level 3"
e2e_capture | grep -q "Level 2" && e2e_fail "the hidden 二级 column is drawn"
e2e_type "产出指标"
e2e_keys Tab
e2e_type "引进企业"
e2e_wait_line '^ *[!?]? *1[< ]' "引进企业"
e2e_keys Tab
e2e_type "≥5家"
e2e_keys Tab
e2e_type "6家"
e2e_keys Tab
e2e_type "10"
e2e_wait "Score 10.00"
# a cost row with the 二级 name where 三级 goes, nothing else: no finding
e2e_keys F5
e2e_wait "Row 2 added"
e2e_type "成本指标"
e2e_keys Tab
e2e_type "经济成本指标"
e2e_wait_line '^ *[!?]? *2[< ]' "经济成本指标"
e2e_keys C-s
e2e_wait "Saved to"
e2e_keys F3
e2e_wait "Findings"
e2e_capture | grep -q "经济成本指标" && e2e_fail "a finding about the cost category row"
e2e_capture | grep -qi "level 2" && e2e_fail "a finding about the hidden 二级"
e2e_keys Escape
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
v=$(e2e_json "$E2E_DIR/p.json" "d['values']['indicators'][0]['level3']")
[ "$v" = "引进企业" ] || e2e_fail "row 1's 三级指标 is '$v'"
v=$(e2e_json "$E2E_DIR/p.json" "d['values']['indicators'][0].get('level2', '')")
[ -z "$v" ] || e2e_fail "row 1's hidden 二级指标 got '$v'"
v=$(e2e_json "$E2E_DIR/p.json" "d['values']['indicators'][1]['level3']")
[ "$v" = "经济成本指标" ] || e2e_fail "row 2's 三级指标 is '$v'"
e2e_finish
