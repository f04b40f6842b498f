#!/bin/sh
# `selfeval new --from LAST.json -o THIS.json`: last year's table carried over. Rows keep their
# ids and last year's actual as a reference (in check --json); a target below it is a notice.
# Usage: sh tests/cli/test_cli_carry.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
. "$PWD/tests/cli/lib.sh"
cli_program test_cli_carry
tmp=$(mktemp -d /tmp/selfeval-carry-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

FIX=tests/fixtures
t "carry seed 001 over" 0 new --from "$FIX/seed001_project.json" -o "$tmp/2026.json"
has "$tmp/out" "$tmp/2026.json" "new --from: names the file written"
[ "$(stat -c %a "$tmp/2026.json")" = 600 ]
verdict "new --from: the draft is private (0600)"
t "check the carried-over draft" 1 check --json "$tmp/2026.json"
python3 - "$tmp/2026.json" "$tmp/out" "$FIX/seed001_project.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
rep = json.load(open(sys.argv[2], encoding="utf-8"))["drafts"][0]
last = json.load(open(sys.argv[3], encoding="utf-8"))
fails = []
def want(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond: fails.append(what)
want(d["meta"]["year"] == "2026", "the year moves on (meta)")
want(d["values"]["header"]["year"] == "2026", "the year moves on (header.year)")
want(d["meta"]["unit"] == "益阳市商务局", "the unit is kept")
want(d["meta"]["status"] == "draft" and not d["history"] and not d["comments"] and not d["overrides"],
     "status, history, comments, overrides cleared")
rows, lrows = d["values"]["indicators"], last["values"]["indicators"]
want([r["_id"] for r in rows] == [r["_id"] for r in lrows], "rows keep their ids")
for r, l in zip(rows, lrows):
    for k in ("level1", "level2", "level3", "target", "weight"):
        if k in l and r.get(k) != l[k]:
            want(False, f"row {l['_id']}: {k} copied")
    if "actual" in r or "score" in r or "reason" in r:
        want(False, f"row {l['_id']}: actual, score and reason cleared")
    if l.get("actual") and r.get("actual_last") != l["actual"]:
        want(False, f"row {l['_id']}: last year's actual kept as a reference")
want(True, "rows: categories, targets and weights copied; actuals kept as last year's")
want("executed" not in d["values"]["funds"] and "total" not in d["values"].get("totals", {}),
     "amounts and typed totals cleared")
want(d["values"]["funds"].get("exec_weight") == "10", "the execution weight copied")
want(rep["values"].get("indicators[2].actual_last") == "12 家", "check --json: last year's actual")
below = [f for f in rep["findings"] if f["code"] == "indicator.target_below_last"]
want(any(f["path"] == "indicators[2].target" and f["severity"] == "notice" and "12 家" in f["message_zh"]
         for f in below), "check --json: a target below last year's actual is a notice")
want(not any(f["path"] == "indicators[7].target" for f in below), "a ceiling (≤990 万元) is not noticed")
sys.exit(1 if fails else 0)
PY
verdict "the carried-over draft"

t "carry over onto an existing file" 2 new --from "$FIX/seed001_project.json" -o "$tmp/2026.json"
has "$tmp/err" "--force" "an existing file is not replaced without --force"
t "carry over from a file that does not exist" 2 new --from "$tmp/nope.json" -o "$tmp/x.json"
has "$tmp/err" "nope.json" "a missing last-year file is named"
t "carry over with another form named" 2 new department --from "$FIX/seed001_project.json" -o "$tmp/y.json"
has "$tmp/err" "project" "a form that is not the last year's: both named"
t "carry a submission over" 0 new --from forms/examples/submission.json -o "$tmp/sub.json"
t "check the carried-over submission" 1 check "$tmp/sub.json"

cli_done test_cli_carry
