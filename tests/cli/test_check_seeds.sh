#!/bin/sh
# `selfeval check` on the seed fixtures: the figures and findings a careful reader of the seeds
# expects (tests/fixtures/README.md), in text and in --json (docs/check-json.md).
# The expected figures come from the seeds as filed and from Python's decimal module, never
# from the program; codes and paths are looked up in the form files.
# Usage: sh tests/cli/test_check_seeds.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
BIN=${SELFEVAL_BIN:-$PWD/$BUILD/test/selfeval}
SELFEVAL_FORMS=${SELFEVAL_FORMS:-$PWD/forms}
export SELFEVAL_FORMS
if [ ! -x "$BIN" ]; then
  echo "test_check_seeds: $BIN is not built"
  exit 1
fi
tmp=$(mktemp -d /tmp/selfeval-cli-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

FIX=tests/fixtures
run() { # run NAME ARGS...: stdout to $tmp/NAME.out, stderr to $tmp/NAME.err, status to NAME.rc
  name=$1; shift
  "$BIN" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  echo $? >"$tmp/$name.rc"
}

run s0_text check --english "$FIX/seed000.json"
LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES= "$BIN" check "$FIX/seed000.json" >"$tmp/s0_zh.out" 2>"$tmp/s0_zh.err"
echo $? >"$tmp/s0_zh.rc"
run s0_json check --json "$FIX/seed000.json"
run s1_text check --english "$FIX/seed001_project.json"
run s1_json check --json "$FIX/seed001_project.json"
run both_json check --json "$FIX/seed000.json" "$FIX/seed001_project.json"

# seed 000 with 全年整体投入资金 declared a reverse indicator (反向): made here, never stored.
python3 - "$FIX/seed000.json" "$tmp/seed000_reverse.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
rows = [r for r in d["values"]["dept"]["indicators"] if r.get("level3") == "全年整体投入资金"]
assert len(rows) == 1, "seed000.json: no single row 全年整体投入资金"
rows[0]["direction"] = "反向"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
run rev_json check --json "$tmp/seed000_reverse.json"
run rev_text check --english "$tmp/seed000_reverse.json"

python3 - "$tmp" "$SELFEVAL_FORMS" "$FIX" <<'EOF'
import json, os, re, sys
from decimal import Decimal, ROUND_HALF_UP

tmp, forms, fix = sys.argv[1:4]
passed = failed = 0

def check(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok   " + what)
    else:
        failed += 1
        print("FAIL " + what + (": " + detail if detail else ""))

def out(name): return open(os.path.join(tmp, name + ".out"), encoding="utf-8").read()
def err(name): return open(os.path.join(tmp, name + ".err"), encoding="utf-8").read()
def rc(name): return int(open(os.path.join(tmp, name + ".rc")).read())

def load_json(name):
    try:
        return json.loads(out(name))
    except ValueError as e:
        check(False, name + ": --json output is one JSON document", str(e) + "\n" + err(name))
        return None

def half_up(x, places):
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

def rule_code(form_id, field, when_part=""):
    """The code of the rule of forms/FORM.json attached to `field` (and whose `when` mentions
    when_part): the test follows the form, not a code copied from the program."""
    f = json.load(open(os.path.join(forms, form_id + ".json"), encoding="utf-8"))
    codes = {r["code"] for r in f.get("rules", [])
             if r.get("field") == field and when_part in r.get("when", "")}
    assert len(codes) == 1, (form_id, field, codes)
    return codes.pop()

def findings(draft, code=None, path=None, sev=None):
    return [f for f in draft["findings"]
            if (code is None or f["code"] == code) and (path is None or f["path"] == path)
            and (sev is None or f["severity"] == sev)]

def row_of(draft, prefix, level3):
    """Display row number of the indicator row whose 三级指标 is level3."""
    pat = re.compile(re.escape(prefix) + r"\[(\d+)\]\.level3$")
    rows = [int(m.group(1)) for k, v in draft["values"].items()
            for m in [pat.match(k)] if m and v == level3]
    return rows[0] if len(rows) == 1 else None

def common_shape(doc, name, n):
    check(doc.get("selfeval_check") == 1, name + ": version field selfeval_check = 1")
    check(len(doc.get("drafts", [])) == n, name + ": %d draft entries" % n)
    keys = ["file", "form", "values", "computed", "typed", "overrides", "why", "findings", "counts",
            "error"]
    for d in doc.get("drafts", []):
        check(list(d.keys()) == keys, name + ": draft keys in the documented order",
              str(list(d.keys())))
        if d.get("error") is None:
            c = {s: len(findings(d, sev=s)) for s in ("error", "warning", "notice")}
            check(d["counts"] == c, name + ": counts match the findings", "%s vs %s" % (d["counts"], c))
            check(all(p in d["values"] for p in d["computed"]),
                  name + ": every computed path is in values")
            why = d.get("why", {})
            missing = [p for p in d["computed"]
                       if not (isinstance(why.get(p), dict) and list(why[p].keys()) == ["zh", "en"]
                               and why[p]["zh"] and why[p]["en"])]
            check(not missing, name + ": a why {zh, en} for every computed figure", str(missing[:5]))
            check(set(why) <= set(d["computed"]), name + ": why only for computed figures")
            for f in d["findings"]:
                if list(f.keys()) != ["severity", "code", "path", "message_zh", "message_en"]:
                    check(False, name + ": finding keys", str(f))
                    break

# ---------------------------------------------------------------- seed 000
seed0 = json.load(open(os.path.join(fix, "seed000.json"), encoding="utf-8"))
fd = seed0["values"]["dept"]["funds"]
ex, bud, w = Decimal(fd["executed"]), Decimal(fd["budget_annual"]), Decimal(fd["exec_weight"])
rate0 = "%s%%" % half_up(ex / bud * 100, 2)
score0 = str(half_up(min(w * ex / bud, w), 2))
check(rate0 == "99.91%" and score0 == "9.99", "seed 000 oracle: decimal gives 99.91% and 9.99",
      rate0 + " " + score0)

doc = load_json("s0_json")
if doc:
    common_shape(doc, "seed000 --json", 1)
    d = doc["drafts"][0]
    v = d["values"]
    check(d["form"] == {"id": "submission", "version": seed0["form"]["version"]},
          "seed000: form id and version", str(d["form"]))
    check(d["error"] is None, "seed000: no load error", str(d["error"]))
    check(v.get("dept.funds.rate") == rate0, "seed000: dept execution rate " + rate0,
          str(v.get("dept.funds.rate")))
    check(v.get("dept.funds.exec_score") == score0, "seed000: execution score " + score0,
          str(v.get("dept.funds.exec_score")))
    check(v.get("dept.totals.total") == "95.40", "seed000: total 95.40", str(v.get("dept.totals.total")))
    check(v.get("dept.totals.grade") == "优", "seed000: grade 优", str(v.get("dept.totals.grade")))
    for p in ("dept.funds.rate", "dept.funds.exec_score", "dept.totals.total",
              "dept.totals.grade", "basic.staff.control_rate"):
        check(p in d["computed"], "seed000: %s listed as computed" % p)
    check(v.get("dept.funds.executed") == "51965.47", "seed000: inputs are in values too",
          str(v.get("dept.funds.executed")))
    r = row_of(d, "dept.indicators", "全年整体投入资金")
    check(r is not None, "seed000: the row 全年整体投入资金 is found in values")
    if r is not None:
        fs = [f for f in findings(d, "indicator.direction_unconfirmed")
              if f["path"].startswith("dept.indicators[%d]." % r)]
        check(len(fs) == 1 and fs[0]["severity"] == "notice",
              "seed000: indicator.direction_unconfirmed notice on 全年整体投入资金 (row %d)" % r,
              str(findings(d, "indicator.direction_unconfirmed")))
        if fs:
            check("0.81" in fs[0]["message_zh"] and "0.81" in fs[0]["message_en"],
                  "seed000: the direction notice gives the reverse (ratio) score 0.81",
                  fs[0]["message_en"])
        check(not findings(d, "override.reason_missing"),
              "seed000: no override error while the direction is unconfirmed")
    tm = findings(d, "typed.mismatch", "basic.staff.control_rate")
    check(len(tm) == 1, "seed000: typed.mismatch on basic.staff.control_rate", str(tm))
    if tm:
        check(all(s in tm[0]["message_zh"] and s in tm[0]["message_en"] for s in ("102.5%", "102.05%")),
              "seed000: the control-rate mismatch names 102.5% and 102.05%", tm[0]["message_en"])
    check(v.get("basic.staff.control_rate") == "102.05%", "seed000: control rate computed 102.05%",
          str(v.get("basic.staff.control_rate")))
    check(d["typed"].get("basic.staff.control_rate") == "102.5%",
          "seed000: the printed 102.5% is kept in typed", str(d["typed"].get("basic.staff.control_rate")))
    inc = rule_code("department", "funds.income_general")
    fs = findings(d, inc, "dept.funds.income_general")
    check(len(fs) == 1 and fs[0]["severity"] == "warning",
          "seed000: income split warning %s" % inc, str(fs))
    if fs:
        check("52014.32" in fs[0]["message_en"] and "51009.29" in fs[0]["message_en"],
              "seed000: the income warning names 51009.29 and 52014.32", fs[0]["message_en"])
    sp = rule_code("department", "funds.spend_basic")
    check(not findings(d, sp), "seed000: spending by type adds up (no %s)" % sp)
    rep = rule_code("submission", "report.s2.text", "一般公共预算财政拨款收入")
    fs = findings(d, rep, "report.s2.text")
    msgs = " | ".join(f["message_zh"] for f in fs)
    check(len(fs) == 2 and all(f["severity"] == "warning" for f in fs),
          "seed000: two report-vs-table warnings (%s) on chapter 2" % rep, str(fs))
    check("8355.92" in msgs and "8355.91" in msgs, "seed000: report 8355.92 vs table 8355.91", msgs)
    check("2745.29" in msgs and "2767.42" in msgs, "seed000: report 2745.29 vs table 2767.42", msgs)
    check(not findings(d, rep, "report.s1.staff"), "seed000: staff 199 agrees (no finding)")
    check(not findings(d, rep, "report.s9.text"), "seed000: report score 95.4 agrees with 95.40")
    proj = rule_code("submission", "dept.funds.spend_project")
    check(not findings(d, proj), "seed000: 项目支出 49198.05 agrees between the tables")
    check(d["counts"]["error"] >= 1, "seed000: at least one error (the control rate)")
    check(rc("s0_json") == 1, "seed000 --json: exit 1 (an error finding)", str(rc("s0_json")))

t = out("s0_text")
check(rc("s0_text") == 1, "seed000 text: exit 1", str(rc("s0_text")))
for s in ("99.91%", "9.99", "95.40", "优", "102.05%", "102.5%", "typed.mismatch",
          "indicator.direction_unconfirmed", "basic.staff.control_rate", "Execution rate"):
    check(s in t, "seed000 text: shows %s" % s)
m = re.search(r"^(\S*seed000\.json): (\d+) errors?, (\d+) warnings?, (\d+) notices?$", t, re.M)
check(m is not None, "seed000 text: summary line", t[-300:])
if m and doc:
    c = doc["drafts"][0]["counts"]
    check((int(m.group(2)), int(m.group(3)), int(m.group(4))) == (c["error"], c["warning"], c["notice"]),
          "seed000 text: summary counts equal the JSON counts", m.group(0))
line = [l for l in t.splitlines() if l.strip().startswith("dept.funds.rate ")]
check(len(line) == 1 and "Execution rate" in line[0] and "99.91%" in line[0],
      "seed000 text: figure line gives path, label and value", str(line))
line = [l for l in t.splitlines() if l.strip().startswith("basic.staff.control_rate ")]
check(len(line) == 1 and "102.05%" in line[0] and "102.5%" in line[0],
      "seed000 text: the typed control rate shown beside the computed one", str(line))
z = out("s0_zh")
check("执行率" in z and "99.91%" in z and "等级" in z and "错误" in z,
      "seed000 Chinese text (LANG=zh_CN): Chinese labels", z[:200])

# ---------------------------------------------------------------- seed 001
seed1 = json.load(open(os.path.join(fix, "seed001_project.json"), encoding="utf-8"))
fd = seed1["values"]["funds"]
ex, bud, w = Decimal(fd["executed"]), Decimal(fd["budget_annual"]), Decimal(fd["exec_weight"])
rate1 = "%s%%" % half_up(ex / bud * 100, 2)
score1 = str(half_up(min(w * ex / bud, w), 2))
check(rate1 == "55.32%" and score1 == "5.53", "seed 001 oracle: decimal gives 55.32% and 5.53")
doc1 = load_json("s1_json")
if doc1:
    common_shape(doc1, "seed001 --json", 1)
    d = doc1["drafts"][0]
    v = d["values"]
    check(d["form"]["id"] == "project", "seed001: form project", str(d["form"]))
    check(v.get("funds.rate") == rate1, "seed001: execution rate " + rate1, str(v.get("funds.rate")))
    check(v.get("funds.exec_score") == score1, "seed001: execution score " + score1,
          str(v.get("funds.exec_score")))
    check(v.get("totals.total") == "95.53", "seed001: total 95.53", str(v.get("totals.total")))
    check(v.get("totals.grade") == "优", "seed001: grade 优", str(v.get("totals.grade")))
    low = rule_code("project", "funds.low_exec_reason")
    check(low == "funds.low_execution_reason", "project form: the low-execution rule's code", low)
    fs = findings(d, low, "funds.low_exec_reason")
    check(len(fs) == 1 and fs[0]["severity"] == "warning",
          "seed001: %s warning (no explanation for 55.32%%)" % low, str(fs))
    check(not findings(d, "typed.mismatch"), "seed001: every printed figure agrees",
          str(findings(d, "typed.mismatch")))
    check(d["counts"]["error"] == 0, "seed001: no error finding", str(findings(d, sev="error")))
    ws = d.get("why", {}).get("funds.exec_score", {})
    check(all(x in ws.get(l, "") for x in ("547.6879", "990", score1) for l in ("zh", "en")),
          "seed001: the execution score's why shows 547.6879, 990 and " + score1, str(ws))
    check(rc("s1_json") == 0, "seed001 --json: exit 0", str(rc("s1_json")))
t = out("s1_text")
for s in ("55.32%", "5.53", "95.53", "funds.low_execution_reason"):
    check(s in t, "seed001 text: shows %s" % s)
lines = t.splitlines()
i = [k for k, l in enumerate(lines) if l.strip().startswith("funds.exec_score ")]
check(len(i) == 1 and i[0] + 1 < len(lines) and "why:" in lines[i[0] + 1]
      and "547.6879" in lines[i[0] + 1] and "990" in lines[i[0] + 1],
      "seed001 text: the execution score's why under it", str(lines[i[0]:i[0] + 2] if i else t[:300]))
check(re.search(r"seed001_project\.json: 0 errors, \d+ warnings?, \d+ notices?$", t, re.M) is not None,
      "seed001 text: summary line with 0 errors", t[-200:])

# ---------------------------------------------------------------- both at once
both = load_json("both_json")
if both:
    common_shape(both, "two drafts --json", 2)
    check([x["file"].rsplit("/", 1)[-1] for x in both["drafts"]] == ["seed000.json", "seed001_project.json"],
          "two drafts: in the order given")
    check(rc("both_json") == 1, "two drafts: exit 1 (seed 000 has an error)", str(rc("both_json")))

# ---------------------------------------------------------------- 全年整体投入资金 as 反向
# ratio rule: 10 x 4211.33 / 51965.47 = 0.8104.. -> 0.81; total 9.99 + 85.41 - 10 + 0.81 = 86.21
rev_score = half_up(Decimal(10) * Decimal("4211.33") / Decimal("51965.47"), 2)
check(str(rev_score) == "0.81", "reverse oracle: 10 x 4211.33 / 51965.47 = 0.81")
rd = load_json("rev_json")
if rd:
    common_shape(rd, "reverse --json", 1)
    d = rd["drafts"][0]
    v = d["values"]
    r = row_of(d, "dept.indicators", "全年整体投入资金")
    sp = "dept.indicators[%s].score" % r
    check(v.get(sp) == str(rev_score), "reverse: the row scores 0.81 by the rule", str(v.get(sp)))
    check(v.get("dept.totals.total") == "86.21", "reverse: total 86.21", str(v.get("dept.totals.total")))
    check(v.get("dept.totals.grade") == "良", "reverse: grade 良", str(v.get("dept.totals.grade")))
    fs = findings(d, "override.reason_missing", sp)
    check(len(fs) == 1 and fs[0]["severity"] == "error",
          "reverse: override.reason_missing error on " + sp, str(findings(d, "override.reason_missing")))
    ov = [o for o in d["overrides"] if o["path"] == sp]
    check(len(ov) == 1 and ov[0]["typed"] == "10" and ov[0]["rule"] == "0.81"
          and ov[0]["reason"] is None and ov[0]["active"] is False,
          "reverse: the override is listed (typed 10, rule 0.81, no reason, not active)", str(d["overrides"]))
    check(not findings(d, "indicator.direction_unconfirmed"),
          "reverse: no direction notice once 反向 is set")
    tt = findings(d, "typed.mismatch", "dept.totals.total")
    check(len(tt) == 1 and "95.4" in tt[0]["message_en"] and "86.21" in tt[0]["message_en"],
          "reverse: the printed total 95.4 is reported against 86.21", str(tt))
    rep = rule_code("submission", "report.s9.text")
    check(len(findings(d, rep, "report.s9.text")) == 1,
          "reverse: the report's 95.4 now disagrees with the table (%s)" % rep)
    check(rc("rev_json") == 1, "reverse: exit 1", str(rc("rev_json")))
t = out("rev_text")
line = [l for l in t.splitlines() if l.strip().startswith("dept.totals.total ")]
check(len(line) == 1 and "86.21" in line[0], "reverse text: total 86.21", str(line))
check("override.reason_missing" in t, "reverse text: override.reason_missing listed")

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
EOF
