#!/bin/sh
# `selfeval review DIR --list`: the inbox's rows without the screen — one per submission, the
# figures those of `summary` for the same files, sorting (-COL downwards, several keys), the
# filters, JSON read back by Python, unreadable files listed (exit 1), bad options refused, and
# control characters in a unit's name made visible.
# Usage: sh tests/cli/test_review_list.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
FIX=$PWD/tests/fixtures
LC_ALL=C.UTF-8; export LC_ALL
. "$PWD/tests/cli/lib.sh"
cli_program test_review_list
tmp=$(mktemp -d /tmp/selfeval-inbox-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

same() {  # what, got, expected
  if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: got '$2', expected '$3'"; fi
}

in=$tmp/in
mkdir -p "$in/sub"
P=$FIX/seed001_project.json
# each unit as typed in the table's header (主管部门, bound to meta.unit) and in meta
jq '.meta.unit = "北京" | .values.header.department = "北京" | .meta.status = "submitted"' "$P" >"$in/a.json"
jq '.meta.unit = "安徽" | .values.header.department = "安徽" | .meta.status = "submitted" | .values.funds.rate = "99%"
    | .format = "selfeval-draft/1.1"
    | .queries = [{"id": "q1", "path": "funds.executed", "state": "open",
                   "thread": [{"action": "open", "by": "王", "at": "2026-05-06T09:00:00+08:00",
                               "text": "请说明依据"}]}]' "$P" >"$in/b.json"
jq '.meta.unit = "长沙" | .values.header.department = "长沙" | .meta.status = "approved"' "$P" >"$in/c.json"
jq '.meta.unit = "长沙\u001b[31m" | .values.report.cover.unit = "长沙\u001b[31m"' "$FIX/seed000.json" >"$in/sub/d.json"
printf '{ broken' >"$in/e.json"

t "list a folder" 1 review "$in" --list
cp "$tmp/out" "$tmp/all"
same "a header and one row per file" "$(wc -l <"$tmp/all" | tr -d ' ')" 6
same "the header" "$(head -1 "$tmp/all")" "$(printf 'file\tunit\tform\tyear\ttotal\tgrade\terrors\twarnings\tqueries\tflags\tstatus\tmodified\terror')"
grep -q "e.json" "$tmp/err"; [ $? -eq 0 ] && ok "the unreadable file is named on stderr" || fail "the unreadable file is named on stderr"
same "its row says why" "$(awk -F'\t' '$1 ~ /e.json$/ {print ($13 != "")}' "$tmp/all")" 1
grep -q "$(printf '\033')" "$tmp/all"; [ $? -ne 0 ] && ok "no raw escape in the output" || fail "no raw escape in the output"
grep -qF '长沙\x1b[31m' "$tmp/all" && ok "the escape is shown as \\x1b" || fail "the escape is shown as \\x1b"

# the figures are summary's: for each draft the first table with a total, its finding counts
"$BIN" summary --json "$in/a.json" "$in/b.json" "$in/c.json" "$in/sub/d.json" >"$tmp/sum.json" 2>/dev/null
"$BIN" review "$in" --list --json >"$tmp/list.json" 2>/dev/null
python3 - "$tmp/sum.json" "$tmp/list.json" >"$tmp/cmp" 2>&1 <<'PY'
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))["rows"]
l = json.load(open(sys.argv[2], encoding="utf-8"))
assert l["selfeval_inbox"] == 1
rows = {r["file"]: r for r in l["rows"]}
bad = 0
for f in sorted({r["file"] for r in s}):
    tables = [r for r in s if r["file"] == f]
    first = next(r for r in tables if r["total"])
    want = (first["total"], first["grade"], sum(r["errors"] for r in tables),
            first["status"], first["year"], first["modified"])
    r = rows[f]
    got = (r["total"], r["grade"], r["errors"], r["status"], r["year"], r["modified"])
    if got != want:
        print("differs", f, got, want); bad += 1
e = [r for r in l["rows"] if r["error"]]
assert len(e) == 1 and e[0]["file"].endswith("e.json") and e[0]["status"] is None, e
assert rows[[f for f in rows if f.endswith("b.json")][0]]["queries"] == 1
print("same" if not bad else "different")
PY
same "totals, grades, error counts, status as summary has them; JSON reads back" "$(tail -1 "$tmp/cmp")" same

col() { awk -F'\t' -v c="$1" 'NR > 1 {print $c}' "$tmp/out" | tr '\n' ' '; }
t "sort by unit" 1 review "$in" --list --sort unit
same "units by their bytes, the unreadable file last" "$(col 2)" "北京 安徽 长沙 长沙\\x1b[31m  "
t "sort by total downwards" 1 review "$in" --list --sort -total
awk -F'\t' 'NR > 1 && $5 != "" {print $5}' "$tmp/out" >"$tmp/totals"
sort -r -n -c "$tmp/totals" && [ "$(wc -l <"$tmp/totals")" -eq 4 ] && ok "totals downwards" || fail "totals downwards: $(col 5)"
same "no total last" "$(awk -F'\t' 'END {print $1 ~ /e.json$/}' "$tmp/out")" 1
t "sort by status, then unit downwards" 1 review "$in" --list --sort status --sort -unit
same "statuses in review order, units downwards within" "$(col 11)" "draft submitted submitted approved  "
same "... the two submitted by unit downwards" "$(col 2 | cut -d' ' -f2-3)" "安徽 北京"

t "only submitted" 0 review "$in" --list --status submitted
same "two submitted" "$(col 1 | sed "s#$in/##g")" "a.json b.json "
t "only with errors" 1 review "$in" --list --errors
same "the draft with an error, the submission, the unreadable file" "$(col 1 | sed "s#$in/##g")" "b.json e.json sub/d.json "
t "only with open queries" 0 review "$in" --list --open-queries
same "b has one" "$(col 1 | sed "s#$in/##g")" "b.json "
t "units containing 长" 0 review "$in" --list --unit 长
same "two 长沙" "$(col 1 | sed "s#$in/##g")" "c.json sub/d.json "
t "filters together" 0 review "$in" --list --unit 长 --status approved
same "one" "$(col 1 | sed "s#$in/##g")" "c.json "

t "an unknown column" 2 review "$in" --list --sort colour
grep -q "no such column" "$tmp/err" && ok "says so, listing the columns" || fail "says so"
t "an unknown status" 2 review "$in" --list --status aproved
grep -q "no such status" "$tmp/err" && ok "says so" || fail "says so"
t "no folder" 2 review --list
t "a folder that is not there" 1 review "$tmp/nope" --list
t "an unknown option" 2 review "$in" --list --frobnicate
t "-j 1 gives the same rows" 1 review "$in" --list -j 1
cmp -s "$tmp/out" "$tmp/all" && ok "same bytes" || fail "same bytes"

# The red flags column counts the folder's red flags as `check DIR` finds them (a target below
# the same unit's actual of the year before, text copied from another unit) beside each draft's
# own: the counts of review.* findings of `check --json` on the same folder.
fl=$tmp/flags
mkdir -p "$fl/sub"
python3 - "$P" "$fl" <<'PY'
import json, sys
src, out = sys.argv[1], sys.argv[2]
def write(path, unit, year, reason=None):
    d = json.load(open(src, encoding="utf-8"))
    d["meta"]["unit"], d["meta"]["year"], d["meta"]["status"] = unit, year, "submitted"
    # where the clerk types them (the fields the form binds to meta)
    d["values"]["header"]["department"], d["values"]["header"]["year"] = unit, year
    if reason:
        d["values"]["indicators"][1]["reason"] = reason
    json.dump(d, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
write(out + "/a2025.json", "益阳市商务局", "2025")
write(out + "/sub/b2025.json", "益阳市财政局", "2025", "年中新增招商引资专项行动，重点企业集中落地，完成值明显高于年初目标")
write(out + "/c2026.json", "益阳市商务局", "2026")
PY
"$BIN" check --json "$fl" >"$tmp/fcheck.json" 2>/dev/null
"$BIN" check --json "$fl/c2026.json" >"$tmp/fone.json" 2>/dev/null
t "list a folder with copied text and a target below last year" 0 review "$fl" --list --json
python3 - "$tmp/fcheck.json" "$tmp/fone.json" "$tmp/out" >"$tmp/fcmp" 2>&1 <<'PY'
import json, sys
chk = json.load(open(sys.argv[1], encoding="utf-8"))["drafts"]
one = json.load(open(sys.argv[2], encoding="utf-8"))["drafts"][0]
rows = {r["file"]: r for r in json.load(open(sys.argv[3], encoding="utf-8"))["rows"]}
def red(d):
    return sum(f["code"].startswith("review.") for f in d["findings"])
bad = 0
for d in chk:
    if rows[d["file"]]["flags"] != red(d):
        print("differs", d["file"], rows[d["file"]]["flags"], red(d)); bad += 1
c = [d for d in chk if d["file"].endswith("c2026.json")][0]
assert any(f["code"] == "review.target_below_last_actual" for f in c["findings"])
assert any(f["code"] == "review.copied_text" for d in chk for f in d["findings"])
if rows[c["file"]]["flags"] <= red(one):
    print("c2026's folder flags are not counted", rows[c["file"]]["flags"], red(one)); bad += 1
print("same" if not bad else "different")
PY
same "red flags: check's counts for the folder, folder flags included" "$(tail -1 "$tmp/fcmp")" same
t "the same in the text listing" 0 review "$fl" --list --sort file
python3 - "$tmp/fcheck.json" "$tmp/out" >"$tmp/fcmp" 2>&1 <<'PY'
import json, sys
chk = {d["file"]: sum(f["code"].startswith("review.") for f in d["findings"])
       for d in json.load(open(sys.argv[1], encoding="utf-8"))["drafts"]}
lines = open(sys.argv[2], encoding="utf-8").read().splitlines()[1:]
got = {l.split("\t")[0]: int(l.split("\t")[9]) for l in lines}
print("same" if got == chk else "different %s %s" % (got, chk))
PY
same "red flags in the text listing" "$(tail -1 "$tmp/fcmp")" same

# Last year's draft outside the folder, named with --last (as `check --last` names it): its
# actuals are compared with this year's targets (a target below last year's actual), the draft
# itself is not listed; the counts are check's with the same --last, and more than without it.
ly=$tmp/lastyear
mkdir -p "$ly" "$tmp/now"
cp "$fl/a2025.json" "$ly/a2025.json"
cp "$fl/c2026.json" "$fl/sub/b2025.json" "$tmp/now/"
"$BIN" check --json --last "$ly/a2025.json" "$tmp/now" >"$tmp/lcheck.json" 2>/dev/null
"$BIN" check --json "$tmp/now" >"$tmp/lnone.json" 2>/dev/null
t "list a folder with last year's draft named by --last" 0 review "$tmp/now" --list --json --last "$ly/a2025.json"
cp "$tmp/out" "$tmp/llist.json"
t "the same without --last" 0 review "$tmp/now" --list --json
cp "$tmp/out" "$tmp/lbare.json"
python3 - "$tmp/lcheck.json" "$tmp/lnone.json" "$tmp/llist.json" "$tmp/lbare.json" >"$tmp/lcmp" 2>&1 <<'PY'
import json, sys
def red(path):
    return {d["file"]: sum(f["code"].startswith("review.") for f in d["findings"])
            for d in json.load(open(path, encoding="utf-8"))["drafts"]}
def col(path):
    return {r["file"]: r["flags"] for r in json.load(open(path, encoding="utf-8"))["rows"]}
chk, none, got, bare = red(sys.argv[1]), red(sys.argv[2]), col(sys.argv[3]), col(sys.argv[4])
c = [f for f in chk if f.endswith("c2026.json")][0]
codes = [f["code"] for d in json.load(open(sys.argv[1], encoding="utf-8"))["drafts"]
         if d["file"] == c for f in d["findings"]]
assert "review.target_below_last_actual" in codes, codes
assert chk[c] > none[c], (chk, none)
if got != chk:
    print("differs from check --last", got, chk)
elif bare != none or bare == got:
    print("without --last", bare, none)
else:
    print("same")
PY
same "red flags with --last: check --last's counts, more than without" "$(tail -1 "$tmp/lcmp")" same
t "--last=FILE in the text listing" 0 review "$tmp/now" --list "--last=$ly/a2025.json" --sort file
python3 - "$tmp/lcheck.json" "$tmp/out" >"$tmp/lcmp" 2>&1 <<'PY'
import json, sys
chk = {d["file"]: sum(f["code"].startswith("review.") for f in d["findings"])
       for d in json.load(open(sys.argv[1], encoding="utf-8"))["drafts"]}
lines = open(sys.argv[2], encoding="utf-8").read().splitlines()[1:]
got = {l.split("\t")[0]: int(l.split("\t")[9]) for l in lines}
print("same" if got == chk else "different %s %s" % (got, chk))
PY
same "--last=FILE: the same counts, last year's draft not a row" "$(tail -1 "$tmp/lcmp")" same
# a last year's draft that cannot be read stops the command (as check), naming it
t "--last of a file that is not there" 2 review "$tmp/now" --list --last "$ly/none.json"
has "$tmp/err" "none.json" "the missing last year's draft is named"
hasnt "$tmp/out" "c2026.json" "no rows listed without last year's draft"
printf '{ broken' >"$ly/broken.json"
t "--last of a file that cannot be parsed" 2 review "$tmp/now" --list --json --last "$ly/a2025.json" --last "$ly/broken.json"
has "$tmp/err" "broken.json" "the broken last year's draft is named"
t "--last of a file that is not there, for the screen" 2 review "$tmp/now" --last "$ly/none.json"
has "$tmp/err" "none.json" "the screen: the missing last year's draft is named before it starts"
t "--last without a file" 2 review "$tmp/now" --list --last

cli_done test_review_list
