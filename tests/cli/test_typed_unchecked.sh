#!/bin/sh
# A figure typed beside one that cannot be computed (the example with 全年预算数 blank): every
# output reads it from the engine and says the same — check (text and JSON) shows 执行率,
# 得分 and 总分 as "—" with the typed figures kept in `typed` and a typed.unchecked finding
# each; summary's department row has no rate, total or grade; the text export prints "—"; none
# of them counts the typed 9.99 anywhere.
# Usage: sh tests/cli/test_typed_unchecked.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
tmp=$(mktemp -d /tmp/selfeval-cli-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$PWD/tests/cli/lib.sh"
cli_program test_typed_unchecked

python3 - "$SELFEVAL_FORMS/examples/submission.json" "$tmp/g.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["values"]["dept"]["funds"]["budget_annual"] = ""
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY

t "check --json" 1 check --json "$tmp/g.json"
python3 - "$tmp/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert r["selfeval_check"] == 1, r["selfeval_check"]
d = r["drafts"][0]
v, ty = d["values"], d["typed"]
for p in ("dept.funds.rate", "dept.funds.exec_score", "dept.totals.total", "dept.totals.grade"):
    assert v[p] == "—", (p, v[p])
assert ty["dept.funds.rate"] == "99.91%" and ty["dept.funds.exec_score"] == "9.99", ty
un = {f["path"] for f in d["findings"] if f["code"] == "typed.unchecked"}
assert un == {"dept.funds.rate", "dept.funds.exec_score", "dept.totals.total"}, un
for f in d["findings"]:
    if f["code"] == "typed.unchecked":
        assert f["severity"] == "warning" and "未填" in f["message_zh"], f
assert "9.99" not in d["why"]["dept.totals.total"]["zh"].split("（")[0], d["why"]["dept.totals.total"]
PY
verdict "check --json: — with the typed figures kept and typed.unchecked"

t "check (text)" 1 check --english "$tmp/g.json"
has "$tmp/out" "(typed 99.91%: cannot be checked, does not count)" "check text marks the typed rate"
has "$tmp/out" "(typed 9.99: cannot be checked, does not count)" "check text marks the typed score"
hasnt "$tmp/out" "95.40" "check text has no total made of the typed 9.99"

t "summary" 0 summary "$tmp/g.json"
python3 - "$tmp/out" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["table"] == "dept"]
assert len(rows) == 1, rows
r = rows[0]
assert r["budget_annual"] == "" and r["total"] != "95.40" and r["rate"] != "99.91%", r
PY
verdict "summary: the department row counts no typed figure"

t "export txt" 0 export "$tmp/g.json" --format txt -o "$tmp/g.txt"
grep -F "年度资金总额" "$tmp/g.txt" | head -1 > "$tmp/funds.txt"
has "$tmp/funds.txt" "51965.47" "export: the department's funds row"
hasnt "$tmp/funds.txt" "99.91%" "export prints no typed rate as a figure"
hasnt "$tmp/funds.txt" "9.99" "export prints no typed score as a figure"
hasnt "$tmp/g.txt" "95.40" "export prints no total made of the typed 9.99"
cli_done test_typed_unchecked
