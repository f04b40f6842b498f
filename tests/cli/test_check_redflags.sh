#!/bin/sh
# `selfeval check` lists the reviewer's red flags (review.* notices, docs/review-flags.md): those
# of one draft always; given a folder or several drafts, or last year's with --last, also a
# target below the same unit's actual of the year before and text identical to another unit's.
# Usage: sh tests/cli/test_check_redflags.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
. "$PWD/tests/cli/lib.sh"
cli_program test_check_redflags
tmp=$(mktemp -d /tmp/selfeval-redflags-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# A folder: seed 001 filed by 商务局 for 2025 and 2026, and by 财政局 for 2025 with the same
# 实际完成情况 and a long reason of its own.
FIX=tests/fixtures
mkdir -p "$tmp/in/sub" "$tmp/last"
python3 - "$FIX/seed001_project.json" "$tmp" <<'PY'
import json, sys
src, tmp = sys.argv[1], sys.argv[2]
def write(path, unit, year, reason=None):
    d = json.load(open(src, encoding="utf-8"))
    d["meta"]["unit"], d["meta"]["year"] = unit, year
    # where the clerk types them (the fields the form binds to meta)
    d["values"]["header"]["department"], d["values"]["header"]["year"] = unit, year
    if reason:
        d["values"]["indicators"][1]["reason"] = reason
    json.dump(d, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
write(tmp + "/in/a2025.json", "益阳市商务局", "2025")
write(tmp + "/in/sub/b2025.json", "益阳市财政局", "2025", "年中新增招商引资专项行动，重点企业集中落地，完成值明显高于年初目标")
write(tmp + "/in/c2026.json", "益阳市商务局", "2026")
write(tmp + "/last/a2025.json", "益阳市商务局", "2025")
write(tmp + "/alone2026.json", "益阳市商务局", "2026")
PY

t "one draft: its own red flags" 0 check --json "$FIX/seed001_project.json"
python3 - "$tmp/out" <<'PY'
import json, sys
rep = json.load(open(sys.argv[1], encoding="utf-8"))["drafts"][0]
codes = [(f["code"], f["path"]) for f in rep["findings"] if f["code"].startswith("review.")]
fails = []
def want(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond: fails.append(what)
want(("review.all_full_marks", "totals.total") in codes, "every indicator at full marks")
want(("review.satisfaction_no_survey", "indicators[12].actual") in codes, "satisfaction ≥90% is no survey figure")
want(sum(c == "review.over_130_unexplained" for c, _ in codes) == 4, "four rows over 130% without a reason")
want(all(f["severity"] == "notice" for f in rep["findings"] if f["code"].startswith("review.")), "red flags are notices")
want(not any(c in ("review.copied_text", "review.target_below_last_actual") for c, _ in codes),
     "no folder flags for one draft")
want(rep["counts"]["notice"] == sum(f["severity"] == "notice" for f in rep["findings"]), "counted")
sys.exit(1 if fails else 0)
PY
verdict "check --json of one draft"

t "a folder" 0 check --json "$tmp/in"
python3 - "$tmp/out" "$tmp" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
tmp = sys.argv[2]
by = {d["file"]: d for d in doc["drafts"]}
fails = []
def want(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond: fails.append(what)
def flags(name, code):
    return [f for f in by[tmp + "/in/" + name]["findings"] if f["code"] == code]
want(sorted(by) == sorted(tmp + "/in/" + n for n in ("a2025.json", "sub/b2025.json", "c2026.json")),
     "a folder stands for every draft below it")
below = flags("c2026.json", "review.target_below_last_actual")
want(any(f["path"] == "indicators[2].target" and "12 家" in f["message_zh"] and "a2025.json" in f["message_zh"]
         for f in below), "2026's ≥5 家 is below 2025's 12 家 of the same unit")
want(not any(f["path"] == "indicators[7].target" for f in below), "a ceiling is never below")
want(not flags("a2025.json", "review.target_below_last_actual"), "2025 has no year before it here")
want(not flags("sub/b2025.json", "review.target_below_last_actual"), "another unit's year is not its own")
cp = flags("sub/b2025.json", "review.copied_text")
want(any(f["path"] == "goals.achieved" and "益阳市商务局" in f["message_zh"] for f in cp),
     "财政局's 实际完成情况 is 商务局's text")
want(not any(f["path"] == "indicators[2].reason" for f in cp), "its own reason is not a copy")
want(any(f["path"] == "goals.achieved" for f in flags("a2025.json", "review.copied_text")),
     "the copy is flagged on both sides")
d = by[tmp + "/in/c2026.json"]
want(d["counts"]["notice"] == sum(f["severity"] == "notice" for f in d["findings"]),
     "folder flags are counted with the draft's own")
sys.exit(1 if fails else 0)
PY
verdict "check --json of a folder"

t "one draft with last year's named" 0 check --english --last "$tmp/last/a2025.json" "$tmp/alone2026.json"
has "$tmp/out" "review.target_below_last_actual" "--last: a target below last year's actual"
has "$tmp/out" "below last year's actual (12 家; 2025, $tmp/last/a2025.json)" "--last: the message names the figure, year and file"
if grep -q "a2025.json:" "$tmp/out"; then fail "--last: last year's draft is not checked itself"; else ok "--last: last year's draft is not checked itself"; fi
t "--last=FILE" 0 check --english "--last=$tmp/last/a2025.json" "$tmp/alone2026.json"
has "$tmp/out" "review.target_below_last_actual" "--last=FILE works the same"
t "--last of a file that is not there" 2 check --last "$tmp/none.json" "$tmp/alone2026.json"
has "$tmp/err" "none.json" "the missing last year's draft is named"
[ ! -s "$tmp/out" ]
verdict "nothing on standard output then"
t "--last without a file" 2 check --last

cli_done test_check_redflags
