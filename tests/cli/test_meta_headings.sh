#!/bin/sh
# The year and unit printed by every output (export headings, summary, the reviewer's list,
# collect) are what the clerk typed on the cover (封面: 部门（单位）名称, 年度) or in a
# stand-alone project table's header, not a stale meta.unit / meta.year; a project table of a
# submission prints its own 年度 in its heading.
# Usage: sh tests/cli/test_meta_headings.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
. "$PWD/tests/cli/lib.sh"
cli_program test_meta_headings
tmp=$(mktemp -d /tmp/selfeval-meta-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

EX=forms/examples/submission.json
# the example with the cover changed as the clerk types it; meta left as it was
jq '.values.report.cover.year = "2026" | .values.report.cover.unit = "益阳市商务和粮食局"
    | .values.projects[0].header.year = "2024"' "$EX" >"$tmp/a.json"

t "export the changed example as text" 0 export "$tmp/a.json" --format txt -o "$tmp/a.txt"
has "$tmp/a.txt" "2026 年度部门整体支出绩效评价基础数据表" "the basic table's heading has the cover's year"
has "$tmp/a.txt" "2026 年度部门整体支出绩效自评表" "the department table's heading has the cover's year"
has "$tmp/a.txt" "2026 年决算数" "this year's column has the cover's year"
has "$tmp/a.txt" "2026 年实际在职人数" "the staff heading has the cover's year"
hasnt "$tmp/a.txt" "2025 年度部门整体" "no heading keeps the old year"
has "$tmp/a.txt" "2024 年度项目支出绩效自评表" "the project table's heading has its own 年度"

t "export the changed example as Markdown" 0 export "$tmp/a.json" --format md -o "$tmp/a.md"
is "$(head -1 "$tmp/a.md")" "# 2026 年度益阳市商务和粮食局部门整体支出绩效自评报告" "the report's title has the cover's year and unit"
has "$tmp/a.md" "部门（单位）名称：益阳市商务和粮食局" "the report's unit line is the cover's"

# a project table of a submission with its 年度 left blank takes the submission's year
jq '.values.report.cover.year = "2026" | del(.values.projects[0].header.year)' "$EX" >"$tmp/b.json"
t "export with the project's year blank" 0 export "$tmp/b.json" --format txt -o "$tmp/b.txt"
has "$tmp/b.txt" "2026 年度项目支出绩效自评表" "a blank project 年度 falls back to the cover's"

# a new stand-alone project table, filled as the editor saved it before (meta has no unit, year)
t "new project draft" 0 new project -o "$tmp/p.json"
jq '.values.header.name = "开放型经济发展引导资金" | .values.header.department = "益阳市商务局"
    | .values.header.year = "2025"' "$tmp/p.json" >"$tmp/p2.json" && mv "$tmp/p2.json" "$tmp/p.json"
t "export the project draft" 0 export "$tmp/p.json" --format txt -o "$tmp/p.txt"
has "$tmp/p.txt" "2025 年度项目支出绩效自评表" "a stand-alone project's heading has its 年度"
t "summary of the project draft" 0 summary --json "$tmp/p.json"
python3 - "$tmp/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))["rows"][0]
sys.exit(0 if (r["unit"], r["year"]) == ("益阳市商务局", "2025") else 1)
PY
verdict "summary: a stand-alone project's unit and year are its 主管部门 and 年度"
t "summary of the changed example" 0 summary --json "$tmp/a.json"
python3 - "$tmp/out" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))["rows"]
sys.exit(0 if rows and all((r["unit"], r["year"]) == ("益阳市商务和粮食局", "2026") for r in rows) else 1)
PY
verdict "summary: every table of the submission has the cover's unit and year"

mkdir "$tmp/in" && cp "$tmp/a.json" "$tmp/p.json" "$tmp/in/"
"$BIN" review "$tmp/in" --list --json >"$tmp/list" 2>"$tmp/err"
python3 - "$tmp/list" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
rows = d["rows"] if isinstance(d, dict) else d
got = sorted((r.get("unit") or "", r.get("year") or "") for r in rows)
sys.exit(0 if got == [("益阳市商务和粮食局", "2026"), ("益阳市商务局", "2025")] else 1)
PY
verdict "the reviewer's list shows the cover's and the header's unit and year"

if "$BIN" collect --db "$tmp/c.sqlite" "$tmp/in" >"$tmp/out" 2>"$tmp/err" && command -v sqlite3 >/dev/null; then
  is "$(sqlite3 "$tmp/c.sqlite" "SELECT unit || '|' || year FROM submissions WHERE file LIKE '%a.json'")" \
    "益阳市商务和粮食局|2026" "collect: the submission's unit and year are the cover's"
  is "$(sqlite3 "$tmp/c.sqlite" "SELECT unit || '|' || year FROM submissions WHERE file LIKE '%p.json'")" \
    "益阳市商务局|2025" "collect: the project draft's unit and year are its header's"
else
  fail "collect into SQLite"
fi

# check says when the file's meta is behind its cover (a save brings it in line)
t "check the changed example" 1 check --json --english "$tmp/a.json"
python3 - "$tmp/out" <<'PY'
import json, sys
f = [x for x in json.load(open(sys.argv[1], encoding="utf-8"))["drafts"][0]["findings"]
     if x["code"] == "draft.meta_stale"]
ok = sorted(x["path"] for x in f) == ["report.cover.unit", "report.cover.year"] and \
     all(x["severity"] == "notice" for x in f) and \
     any("2026" in x["message_en"] and "2025" in x["message_en"] for x in f)
sys.exit(0 if ok else 1)
PY
verdict "check: a notice on the cover's year and unit that meta did not say, naming both"
t "check the bundled example" 1 check --json "$EX"
hasnt "$tmp/out" "draft.meta_stale" "check: no such notice when meta and the cover agree"

cli_done test_meta_headings
