#!/bin/sh
# The whole indicator table is on screen at 160 columns in English as in Chinese (README): the
# longer English column labels ("Qualitative tier", "Not applicable") do not widen their
# columns off the screen — when the table fits at the columns' own widths, a label is cut
# ("Qualitative…") rather than the table. The department table of the example at 160x40.
. "$(dirname "$0")/lib.sh"
e2e_init columns_english
cp "$SELFEVAL_FORMS/examples/submission.json" "$E2E_DIR/e.json"
e2e_start 160 40 e.json
e2e_wait "Overview"
e2e_keys C-g
e2e_wait "Performance indicators"
e2e_keys End Up Up Up Up Up Up Up Up Up Enter
e2e_wait "Section 21/30"
head=$(e2e_capture | grep -E '^ +# ' | head -1)
[ -n "$head" ] || e2e_fail "no column labels"
case "$head" in *">") e2e_fail "the table goes on beyond the screen: $head" ;; esac
case "$head" in *"Last year"*) ;; *) e2e_fail "the last column is not on screen: $head" ;; esac
# the cells are not cut for it: a score and a reason show whole as before
e2e_wait_line "^ *[!?]? *3[< ]" "2.42"
e2e_keys F10
e2e_wait_exit >/dev/null
# and in Chinese it still fits, labels whole
E2E_LANG=zh_CN.UTF-8
e2e_start 160 40 e.json
e2e_wait "总览"
e2e_keys C-g
e2e_wait "绩效指标"
e2e_keys End Up Up Up Up Up Up Up Up Up Enter
e2e_wait "第 21/30 节"
head=$(e2e_capture | grep -E '^ +# ' | head -1)
case "$head" in *">") e2e_fail "the Chinese table goes on beyond the screen: $head" ;; esac
case "$head" in *"定性档次"*"不适用"*) ;; *) e2e_fail "a Chinese label is cut: $head" ;; esac
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
