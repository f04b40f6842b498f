#!/bin/sh
# A bulk return of many submissions shows how far it is while it runs (the screen is not
# frozen) and ends saying how many were returned and refused, and where the refused ones are
# (left as they were: their status unchanged), with the first refusals named.
. "$(dirname "$0")/lib.sh"
e2e_init inbox_bulk
FIX=$(cd "$(dirname "$0")/../fixtures" && pwd)
N=300
python3 "$FIX/../../scripts/gen-submissions.py" $N "$E2E_DIR/many" >/dev/null || e2e_fail "gen"
# every one submitted but three drafts (a draft cannot be returned: refused)
python3 - "$E2E_DIR/many" <<'PY' || e2e_fail "setting the statuses failed"
import json, os, sys
d = sys.argv[1]
paths = sorted(os.path.join(r, n) for r, _, fs in os.walk(d) for n in fs if n.endswith(".json"))
for i, p in enumerate(paths):
    j = json.load(open(p, encoding="utf-8"))
    j["meta"]["status"] = "draft" if i < 3 else "submitted"
    json.dump(j, open(p, "w", encoding="utf-8"), ensure_ascii=False)
PY
e2e_start 80 24 review many
e2e_wait "$N submissions" 120
e2e_keys R
e2e_wait "Return the $N submissions shown"
e2e_keys y
e2e_wait "Why"
e2e_type "请补充佐证材料"
e2e_keys Enter
e2e_wait "Returning"
e2e_wait "returned $((N - 3)), refused 3" 120
e2e_wait "status unchanged"
e2e_capture | grep -q "cannot return" || e2e_fail "no refusal named: $(e2e_capture)"
e2e_keys Enter
n=$(find "$E2E_DIR/many" -name '*.json' -exec grep -l '"returned"' {} + | wc -l)
[ "$n" = $((N - 3)) ] || e2e_fail "$n files returned, expected $((N - 3))"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
