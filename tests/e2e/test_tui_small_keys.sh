#!/bin/sh
# Keys typed while the terminal is too small (the screen only says so) are kept, in order, and
# take effect once it is large enough again: in a field (text, then Tab to the next field) and
# in the paragraph editor. The too-small screen says how many are kept.
. "$(dirname "$0")/lib.sh"
e2e_init small_keys
e2e_start 80 24 --form=project p.json
e2e_wait "Section 1/7"
e2e_type "道路"
e2e_resize 50 14
e2e_wait "too small"
e2e_type "维修"
e2e_keys Tab
e2e_type "交通局"
e2e_wait "kept"
e2e_resize 80 24
e2e_wait_line '^[!? ] +Project' "道路维修"
e2e_wait_line '^[!? ] +Supervising' "交通局"
# the paragraph editor
e2e_keys C-n C-n C-n
e2e_wait "Section 4/7"
e2e_type "第一句"
e2e_wait "Editing:"
e2e_resize 50 14
e2e_wait "too small"
e2e_type "，第二句"
e2e_resize 80 24
e2e_wait "第一句，第二句"
e2e_keys Escape
e2e_wait "Section 4/7"
e2e_keys C-s
e2e_wait "Saved to"
e2e_keys F10
e2e_wait_exit >/dev/null
python3 - "$E2E_DIR/p.json" <<'PY' || e2e_fail "saved values differ"
import json, sys
v = json.load(open(sys.argv[1], encoding="utf-8"))["values"]
got = (v["header"]["name"], v["header"].get("department", ""), v["goals"]["expected"])
if got != ("道路维修", "交通局", "第一句，第二句"):
    print(got, file=sys.stderr)
    sys.exit(1)
PY
e2e_finish
