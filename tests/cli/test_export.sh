#!/bin/sh
# selfeval export: the workbook read back by openpyxl against the printed seed tables, the boxed
# text of seed 000's 附件2 against its golden file, CSV and Markdown, and every error an exit 2
# with a message that leaves what was there before.
# Usage: sh tests/cli/test_export.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
FIX=$PWD/tests/fixtures
HERE=$PWD/tests/cli
. "$PWD/tests/cli/lib.sh"
cli_program test_export
# openpyxl is a Debian package: the system's python3 has it even when another python3 is first
PY=""
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done
tmp=$(mktemp -d /tmp/selfeval-export-XXXXXX) || exit 1
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM

VERSION=$("$BIN" --version | sed 's/^selfeval //')

# ---- XLSX, read back by an independent reader
t "xlsx of seed 000" 0 export "$FIX/seed000.json" --format xlsx -o "$tmp/s000.xlsx"
has "$tmp/out" "$tmp/s000.xlsx" "says where the file went"
has "$tmp/err" "1 error finding" "says the draft has errors, listed in the export"
t "xlsx of seed 001" 0 export "$FIX/seed001_project.json" -o "$tmp/s001.xlsx"
if [ -n "$PY" ]; then
  for w in seed000:s000.xlsx:seed000.json seed001:s001.xlsx:seed001_project.json; do
    name=${w%%:*}; rest=${w#*:}; x=${rest%%:*}; d=${rest#*:}
    sum=$(sha256sum "$FIX/$d" | cut -c1-64)
    "$PY" "$HERE/export_xlsx_check.py" "$tmp/$x" "$name" "$sum" "$VERSION" >"$tmp/check" 2>&1
    if [ $? -eq 0 ]; then ok "$name: values, merged ranges, number formats, print setup, sha256"
    else fail "$name workbook"; sed 's/^/     /' "$tmp/check" | head -20; fi
  done
  # the checker can fail: the wrong fixture's expectations refuse the workbook
  "$PY" "$HERE/export_xlsx_check.py" "$tmp/s001.xlsx" seed000 0 "$VERSION" >/dev/null 2>&1
  if [ $? -ne 0 ]; then ok "the workbook checker refuses a wrong workbook"; else fail "checker accepts anything"; fi
else
  echo "skip python3-openpyxl is not installed (scripts/deps.sh check installs it)"
fi

# ---- boxed text: seed 000's 附件2 is the golden file
t "txt of seed 000" 0 export "$FIX/seed000.json" --format txt -o "$tmp/s000.txt"
awk 'BEGIN{RS="\f\n"} /^附件2 /{printf "%s", $0}' "$tmp/s000.txt" >"$tmp/dept.txt"
if cmp -s "$tmp/dept.txt" "$HERE/golden/seed000_dept.txt"; then ok "附件2 as text equals the golden file"
else fail "附件2 as text differs from tests/cli/golden/seed000_dept.txt"; diff "$HERE/golden/seed000_dept.txt" "$tmp/dept.txt" | head -20; fi
has "$tmp/s000.txt" "检查结果：1 个错误" "the text export lists the findings"
has "$tmp/s000.txt" "│   错误   │ typed.mismatch" "the error is in the text export"
# every line of a box has the same display width (CJK counted two)
"${PY:-python3}" - "$tmp/dept.txt" <<'EOF'
import sys, unicodedata
def w(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
widths = {w(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8") if l[:1] in "┌│├└"}
sys.exit(0 if len(widths) == 1 else 1)
EOF
verdict "the box's lines are aligned by display width"

# ---- CSV: one file per table, quoted per RFC 4180
t "csv of seed 000" 0 export "$FIX/seed000.json" --format csv -o "$tmp/csv" --bom
n=$(ls "$tmp/csv" | wc -l)
[ "$n" -eq 3 ]; verdict "three files (基础数据表, 部门整体支出绩效自评表, 检查结果): $n"
f="$tmp/csv/部门整体支出绩效自评表.csv"
head -c 3 "$f" | od -An -tx1 | grep -q 'ef bb bf'; verdict "--bom starts the file with a byte order mark"
cr=$(printf '\r')
[ "$(grep -c "$cr\$" "$f")" -eq "$(wc -l <"$f")" ]; verdict "lines end in CRLF"
has "$f" ',年度资金总额,4211.33,52014.32,51965.47,10,99.91%,9.99,' "the funds row as figures"
has "$f" '"推动招商转型提质方面,健全招商体制机制' "a cell with commas is quoted"
t "csv again without --force" 2 export "$FIX/seed000.json" --format csv -o "$tmp/csv"
has "$tmp/err" "already holds" "refuses to replace the tables' files"

# ---- Markdown: the report's chapters in seed 000's order, the tables as attachments
t "md of seed 000" 0 export "$FIX/seed000.json" -o "$tmp/s000.md"
grep '^## ' "$tmp/s000.md" | head -12 >"$tmp/heads"
cat >"$tmp/want" <<'EOF'
## 一、部门基本情况
## 二、一般公共预算支出情况
## 三、政府性基金预算支出
## 四、国有资本经营预算支出
## 五、社会保险基金预算支出
## 六、部门整体支出绩效情况
## 七、存在的问题及原因分析
## 八、下一步改进措施
## 九、部门整体支出绩效自评结果拟应用和公开情况
## 十、其他需要说明的情况
## 附件1 部门整体支出绩效评价基础数据表
## 附件2 部门整体支出绩效自评表
EOF
cmp -s "$tmp/heads" "$tmp/want"; verdict "md: chapters 一 to 十 in seed 000's order, then 附件1 and 附件2"
has "$tmp/s000.md" "# 2025 年度益阳市商务局部门整体支出绩效自评报告" "md: the report's title"
has "$tmp/s000.md" "### （一）主要职能" "md: a chapter's sub-headings"
has "$tmp/s000.md" "| 年度资金总额 | 4211.33 | 52014.32 | 51965.47 | 10 | 99.91% | 9.99 |" "md: the funds row"

# ---- errors: exit 2, a clear message, nothing written
t "a draft that does not exist" 2 export "$tmp/nope.json" -o "$tmp/x.xlsx"
has "$tmp/err" "nope.json: cannot read: no such file" "names the missing draft"
printf '{"format": "selfeval-draft/1.0",' >"$tmp/broken.json"
t "a draft that cannot be read" 2 export "$tmp/broken.json" -o "$tmp/x.xlsx"
has "$tmp/err" "broken.json line 1" "says where the draft is broken"
t "an unknown format" 2 export "$FIX/seed000.json" --format pdf -o "$tmp/x.pdf"
has "$tmp/err" "unknown format 'pdf'" "names the format"
mkdir "$tmp/ro" && chmod 0555 "$tmp/ro"
if [ "$(id -u)" -ne 0 ]; then
  t "a folder that cannot be written" 2 export "$FIX/seed000.json" -o "$tmp/ro/x.xlsx"
  has "$tmp/err" "cannot write" "says it cannot write"
else
  t "a folder that does not exist" 2 export "$FIX/seed000.json" -o "$tmp/none/x.xlsx"
  has "$tmp/err" "cannot write" "says it cannot write"
fi
[ ! -e "$tmp/x.xlsx" ] && [ ! -e "$tmp/x.pdf" ]; verdict "nothing written on errors"
echo "old" >"$tmp/keep.xlsx"
t "an existing file without --force" 2 export "$FIX/seed000.json" -o "$tmp/keep.xlsx"
has "$tmp/err" "already exists" "says the file exists"
[ "$(cat "$tmp/keep.xlsx")" = "old" ]; verdict "the existing file is untouched"
t "an existing file with --force" 0 export "$FIX/seed000.json" -o "$tmp/keep.xlsx" --force
t "csv into a file" 2 export "$FIX/seed000.json" --format csv -o "$tmp/keep.xlsx" --force
has "$tmp/err" "is a file" "csv wants a folder"
cp "$FIX/seed001_project.json" "$tmp/p.json"
t "the default output beside the draft" 0 export "$tmp/p.json" --format txt
[ -f "$tmp/p.txt" ]; verdict "p.json -> p.txt"
ls -l "$tmp/p.txt" | grep -q '^-rw-------'; verdict "a new export is mode 0600"

cli_done test_export
