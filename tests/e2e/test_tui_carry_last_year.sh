#!/bin/sh
# Last year's table carried over (issue 13 item 15, the editor's part): each carried row keeps
# last year's actual as a reference, shown under the focused row as "上年实际 12 家" whether its
# column is on screen or not; and from last year's draft, Alt-j starts this year's: it asks
# for the new file's name, writes the carried-over draft there and opens it.
. "$(dirname "$0")/lib.sh"
e2e_init carry_last_year
E2E_LANG=zh_CN.UTF-8
cp "$(dirname "$0")/../fixtures/seed001_project.json" "$E2E_DIR/2025.json"

# ---- the reference figure, in a draft made by `selfeval new --from`
(cd "$E2E_DIR" && SELFEVAL_FORMS=$SELFEVAL_FORMS "$SELFEVAL_BIN" new --from 2025.json -o made.json) \
    >/dev/null 2>&1 || e2e_fail "selfeval new --from failed"
e2e_start 80 24 made.json
e2e_wait "第 1/7 节"
e2e_keys C-n C-n C-n C-n
e2e_wait "第 5/7 节"
e2e_wait "上年实际 7983 万美元"
e2e_keys Down
e2e_wait "上年实际 12 家"
# at 160 columns the column is on screen; the summary still names it
e2e_resize 160 30
e2e_wait "上年实际 12 家"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"

# ---- from last year's draft in the editor: Alt-j asks the name (the year in it moved on),
# writes this year's draft and opens it
e2e_start 80 24 2025.json
e2e_wait "第 1/7 节"
e2e_keys M-j
e2e_wait "结转到下一年度"
e2e_wait "2026.json"
e2e_keys Enter
e2e_wait_line "^ 项目支出绩效自评表" "2026.json"
e2e_wait_line "^ 项目支出绩效自评表" "· 2026"
[ -f "$E2E_DIR/2026.json" ] || e2e_fail "no 2026.json written"
y=$(e2e_json "$E2E_DIR/2026.json" "d['meta']['year']")
[ "$y" = 2026 ] || e2e_fail "the new draft's year is '$y'"
v=$(e2e_json "$E2E_DIR/2026.json" "d['values']['indicators'][1]['actual_last']")
[ "$v" = "12 家" ] || e2e_fail "row 2's 上年实际 is '$v'"
v=$(e2e_json "$E2E_DIR/2026.json" "d['values']['indicators'][1].get('actual', '')")
[ -z "$v" ] || e2e_fail "row 2's actual was carried: '$v'"
# last year's draft is as it was
cmp -s "$E2E_DIR/2025.json" "$(dirname "$0")/../fixtures/seed001_project.json" ||
    e2e_fail "last year's draft changed"
# the new draft is open: its rows show last year's actual
e2e_keys C-g
e2e_wait "各节"
e2e_keys Down Down Down Down Enter
e2e_wait "第 5/7 节"
e2e_wait "上年实际 7983 万美元"
# an existing file is never replaced: the carry-over says so and writes nothing
e2e_keys M-j
e2e_wait "结转到下一年度"
e2e_keys C-u
e2e_type "2025.json"
e2e_keys Enter
e2e_wait "已存在"
cmp -s "$E2E_DIR/2025.json" "$(dirname "$0")/../fixtures/seed001_project.json" ||
    e2e_fail "an existing draft was replaced"
e2e_wait_line "^ 项目支出绩效自评表" "2026.json"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
