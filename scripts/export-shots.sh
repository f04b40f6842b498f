#!/bin/sh
# `make screenshots`, the export's part: the workbooks of the seed fixtures rendered the way a
# clerk would print them — LibreOffice headless to PDF, pdftoppm to PNG, the pages of one table
# stacked — into screenshots/export-*.png (scripts/deps.sh shots installs
# libreoffice-calc-nogui, poppler-utils and imagemagick).
# Usage: scripts/export-shots.sh BUILD_DIR
set -u
BUILD=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
BIN=${SELFEVAL_BIN:-$BUILD/rel/selfeval}
SELFEVAL_FORMS=${SELFEVAL_FORMS:-$root/forms}
export SELFEVAL_FORMS
[ -x "$BIN" ] || { echo "export-shots: no program at $BIN (run make)" >&2; exit 1; }
for c in soffice pdftoppm pdftotext convert; do
  command -v $c >/dev/null 2>&1 || { echo "export-shots: $c is missing (sh scripts/deps.sh shots)" >&2; exit 1; }
done
tmp=$(mktemp -d /tmp/selfeval-shots-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
out=$root/screenshots
mkdir -p "$out"

"$BIN" export "$root/tests/fixtures/seed000.json" -o "$tmp/seed000.xlsx" >/dev/null 2>&1 ||
  { echo "export-shots: export of seed000 failed" >&2; exit 1; }
"$BIN" export "$root/tests/fixtures/seed001_project.json" -o "$tmp/seed001.xlsx" >/dev/null 2>&1 ||
  { echo "export-shots: export of seed001 failed" >&2; exit 1; }
# a profile of its own: LibreOffice must not touch (or wait for) the user's
HOME=$tmp timeout 300 soffice --headless --norestore --convert-to pdf --outdir "$tmp" \
  "$tmp/seed000.xlsx" "$tmp/seed001.xlsx" >/dev/null 2>&1 ||
  { echo "export-shots: LibreOffice could not convert the workbooks" >&2; exit 1; }

# Each printed page repeats its table's title: it says which picture the page belongs to.
name_of() {
  case $1 in
    *基础数据表*) echo export-basic ;;
    *部门整体支出绩效自评表*) echo export-department ;;
    *项目支出绩效自评表*) echo export-project ;;
    *检查结果*) [ "$2" = seed000 ] && echo export-findings ;;
    *) echo "" ;;
  esac
}
for w in seed000 seed001; do
  pdf=$tmp/$w.pdf
  [ -f "$pdf" ] || { echo "export-shots: no $w.pdf" >&2; exit 1; }
  pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  pdftoppm -png -r 80 "$pdf" "$tmp/$w-page"
  i=1
  while [ "$i" -le "$pages" ]; do
    title=$(pdftotext -f "$i" -l "$i" "$pdf" - 2>/dev/null | head -3 | tr -d '\n')
    n=$(name_of "$title" "$w")
    if [ -n "$n" ]; then
      png=$(ls "$tmp/$w-page-"*.png | sed -n "${i}p")
      echo "$png" >>"$tmp/$n.list"
    fi
    i=$((i + 1))
  done
done
for l in "$tmp"/*.list; do
  n=$(basename "$l" .list)
  # shellcheck disable=SC2046
  convert $(cat "$l") -append -trim -bordercolor white -border 20 "$out/$n.png" &&
    echo "screenshots/$n.png"
done
