#!/bin/sh
# A table printed without its 二级指标 column (issue 9 item 5): with "hidden_columns":
# ["level2"] on the project form's indicators table, `selfeval export` leaves out the 二级
# heading and values in text, CSV and XLSX, the 三级 cell taking the column, and `check` says
# nothing about 二级. The bundled form (no hidden column) still exports it: the control.
# Usage: sh tests/cli/test_export_hidden.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
BIN=${SELFEVAL_BIN:-$PWD/$BUILD/test/selfeval}
FORMS=${SELFEVAL_FORMS:-$PWD/forms}
FIX=$PWD/tests/fixtures
if [ ! -x "$BIN" ]; then
  echo "test_export_hidden: $BIN is not built"
  exit 1
fi
PY=""
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done
tmp=$(mktemp -d /tmp/selfeval-exhidden-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$PWD/tests/cli/lib.sh"

cp -r "$FORMS" "$tmp/forms"
python3 - "$tmp/forms/project.json" <<'PY'
import json, sys
p = sys.argv[1]
f = json.load(open(p, encoding='utf-8'))
[s for s in f['sections'] if s['id'] == 'indicators'][0]['hidden_columns'] = ['level2']
json.dump(f, open(p, 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
PY
# seed 001's rows keep their 二级 values (数量指标, 时效指标 …): kept in the draft, not printed
cp "$FIX/seed001_project.json" "$tmp/p.json"

run() {   # run FORMS OUT ARGS...: export with that forms folder
  forms=$1; out=$2; shift 2
  if SELFEVAL_FORMS=$forms "$BIN" export "$tmp/p.json" -o "$out" --force "$@" >"$tmp/out" 2>"$tmp/err"; then
    return 0
  fi
  fail "export $* with $(basename "$forms") failed"
  return 1
}

# the control: the bundled form prints 二级指标
if run "$FORMS" "$tmp/plain.txt" --format txt; then
  if grep -qF 二级指标 "$tmp/plain.txt" && grep -qF 数量指标 "$tmp/plain.txt"; then
    ok "the bundled form exports the 二级 column"
  else fail "the bundled form's text has no 二级 column"; fi
fi
if run "$tmp/forms" "$tmp/hidden.txt" --format txt; then
  if grep -qF 二级指标 "$tmp/hidden.txt" || grep -qF 数量指标 "$tmp/hidden.txt"; then
    fail "text: the hidden 二级 column is printed"
  else ok "text: no 二级 heading, no 二级 values"; fi
  if grep -qF 三级指标 "$tmp/hidden.txt" && grep -qF 引进 "$tmp/hidden.txt"; then
    ok "text: 三级指标 and its values are printed"
  else fail "text: 三级指标 missing"; fi
  # the table is as wide as with the column: the grid keeps its columns
  wp=$(awk 'NR>2{print length($0)}' "$tmp/plain.txt" | sort -n | tail -1)
  wh=$(awk 'NR>2{print length($0)}' "$tmp/hidden.txt" | sort -n | tail -1)
  if [ "$wp" -ge "$wh" ] && [ "$wh" -gt 0 ]; then ok "text: not wider than the bundled layout"
  else fail "text: $wh columns wide against $wp"; fi
fi
if run "$tmp/forms" "$tmp/csv" --format csv; then
  if cat "$tmp"/csv/*.csv 2>/dev/null | grep -qF 三级指标; then
    if cat "$tmp"/csv/*.csv | grep -qF -e 二级指标 -e 数量指标; then
      fail "csv: the hidden 二级 column is written"
    else ok "csv: no 二级 column"; fi
  else
    # a single file, not a folder
    if grep -qF 三级指标 "$tmp/csv" 2>/dev/null && ! grep -qF -e 二级指标 -e 数量指标 "$tmp/csv"; then
      ok "csv: no 二级 column"
    else fail "csv: no 三级指标 heading, or a 二级 column"; fi
  fi
fi
if [ -n "$PY" ] && run "$tmp/forms" "$tmp/hidden.xlsx" --format xlsx; then
  if "$PY" - "$tmp/hidden.xlsx" <<'PY'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
assert any('三级指标' in t for t in texts), 'no 三级指标'
assert not any('二级指标' in t or t == '数量指标' for t in texts), 'a 二级 cell'
# 三级指标's heading spans two columns: it is merged with the one the 二级 had
ws = wb.worksheets[0]
head = [c for row in ws.iter_rows() for c in row if c.value == '三级指标'][0]
assert any(head.coordinate in r and r.max_col - r.min_col == 1 for r in ws.merged_cells.ranges), \
    'the 三级指标 heading is not two columns wide'
PY
  then ok "xlsx: no 二级 column, 三级指标 two columns wide"
  else fail "xlsx: the 二级 column is still there"; fi
fi
# check: nothing about the hidden 二级. Row 1 gets a 二级 that is not an option and a row with
# only a cost category where 三级 goes is added: the bundled form reports both (the control)
python3 - "$tmp/p.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p, encoding='utf-8'))
d['values']['indicators'][0]['level2'] = '不是二级'
d['values']['indicators'].append({'_id': 'r99', 'level1': '成本指标', 'level3': '经济成本指标'})
json.dump(d, open(p, 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
PY
findings() {   # findings FORMS: "code path" lines of check --json
  SELFEVAL_FORMS=$1 "$BIN" check --json "$tmp/p.json" 2>"$tmp/err" | python3 -c '
import json, sys
for t in json.load(sys.stdin)["drafts"]:
    for f in t["findings"]:
        print(f["code"], f["path"])'
}
findings "$FORMS" > "$tmp/plain.f"
findings "$tmp/forms" > "$tmp/hidden.f"
if grep -q "field.choice indicators\[1\].level2" "$tmp/plain.f" &&
   grep -q "indicator.weight_missing" "$tmp/plain.f"; then
  ok "check with the bundled form: the bad 二级 and the lone category row are reported"
else fail "check with the bundled form: $(cat "$tmp/plain.f" | tr '\n' ';')"; fi
if grep -q "level2" "$tmp/hidden.f" || grep -q "indicator.weight_missing" "$tmp/hidden.f"; then
  fail "check with the hidden 二级: $(grep -e level2 -e weight_missing "$tmp/hidden.f" | tr '\n' ';')"
elif [ -s "$tmp/hidden.f" ]; then
  ok "check with the hidden 二级: nothing about 二级, the category row is a placeholder"
else fail "check with the hidden 二级 gave no findings at all (did it run?)"; fi

cli_done test_export_hidden
