#!/bin/sh
# `make screenshots`: PNG pictures of the real program into screenshots/, each a tmux capture
# (colours included) rendered by tests/e2e/ansi_png.py with ImageMagick and a CJK font
# (scripts/deps.sh shots installs imagemagick and fonts-noto-cjk). Opens a copy of the bundled
# example submission, so the example is never changed.
# Usage: tests/e2e/screenshots.sh BUILD_DIR
BUILD=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
SELFEVAL_BIN=${SELFEVAL_BIN:-$BUILD/rel/selfeval}
SELFEVAL_FORMS=${SELFEVAL_FORMS:-$root/forms}
export SELFEVAL_BIN SELFEVAL_FORMS
[ -x "$SELFEVAL_BIN" ] || { echo "screenshots: no program at $SELFEVAL_BIN (run make)" >&2; exit 1; }
command -v convert >/dev/null 2>&1 || { echo "screenshots: ImageMagick's convert is missing" >&2; exit 1; }
fc-list 2>/dev/null | grep -q "Noto Sans Mono CJK" ||
    { echo "screenshots: the CJK font is missing (apt-get install fonts-noto-cjk)" >&2; exit 1; }
. "$here/lib.sh"
e2e_init screenshots
out=$root/screenshots
mkdir -p "$out"
cp "$root/forms/examples/submission.json" "$E2E_DIR/example.json"
E2E_LANG=zh_CN.UTF-8

shot() {    # shot NAME COLS ROWS
    sleep 0.3
    tmux -S "$E2E_SOCK" capture-pane -e -N -p -t "$E2E_TARGET" > "$E2E_DIR/$1.txt"
    cur=$(tmux -S "$E2E_SOCK" display-message -p -t "$E2E_TARGET" \
          '#{?cursor_flag,#{cursor_x} #{cursor_y},}')
    # shellcheck disable=SC2086
    python3 "$here/ansi_png.py" "$E2E_DIR/$1.txt" "$out/$1.png" "$2" "$3" $cur ||
        e2e_fail "rendering $1"
    echo "screenshots/$1.png"
}

e2e_start 80 24 example.json
# the first screen: the overview of the submission
e2e_wait "总览"
shot overview-80x24 80 24
e2e_keys Enter
e2e_wait "第 1/30 节"
# a chapter of the report: its text and the findings that compare it with the tables
e2e_keys C-n C-n
e2e_wait "第 3/30 节"
shot report-80x24 80 24
# the basic data table: 经费控制 as a grid of three columns
e2e_keys C-g Home
e2e_wait "各节"
e2e_keys Down Down Down Down Down Down Down Down Down Down Down Down Enter
e2e_wait "第 13/30 节"
e2e_keys Down Down
shot basic-80x24 80 24
# a project's funds: typed amounts, the computed rate and score, the field's finding
e2e_keys C-g End Up Up Up Up Up Enter
e2e_wait "第 25/30 节"
e2e_keys Tab Tab
shot editor-80x24 80 24
# its indicator table, the finding of the cell under the cursor beneath its row
e2e_keys C-n C-n C-n
e2e_wait "第 28/30 节"
e2e_keys F4
shot table-80x24 80 24
# a project is deleted only after a question that names it
e2e_keys S-F8
e2e_wait "删除项目"
shot project-delete-80x24 80 24
e2e_keys Escape
e2e_wait_gone "删除项目"
e2e_keys F3
e2e_wait "问题列表"
shot findings-80x24 80 24
e2e_keys Escape C-g
e2e_wait "各节"
shot sections-80x24 80 24
e2e_keys Escape F1
e2e_wait "帮助：全部按键"
shot help-80x24 80 24
e2e_keys Escape
# a wide terminal shows the whole indicator table
e2e_resize 160 40
e2e_wait "偏差原因分析及改进措施"
shot table-160x40 160 40
e2e_keys F10
e2e_wait_exit >/dev/null

# the reviewer's inbox: a folder of submissions of several units and states
python3 "$root/scripts/gen-submissions.py" 14 "$E2E_DIR/gen" >/dev/null || e2e_fail "gen-submissions"
mkdir -p "$E2E_DIR/收件箱"
i=0
for f in $(find "$E2E_DIR/gen" -name '*.json' | sort); do
    i=$((i + 1))
    case $((i % 5)) in
        0) st=draft ;; 1|2) st=submitted ;; 3) st=returned ;; *) st=approved ;;
    esac
    jq --arg st "$st" '.meta.status = $st' "$f" > "$E2E_DIR/收件箱/$(basename "$f")"
done
e2e_start 80 24 review 收件箱
e2e_wait "14 份"
e2e_keys Down Down
shot inbox-80x24 80 24
# a submission opened from the inbox for review: the clerk's values locked
e2e_keys Enter
e2e_wait "总览"
e2e_keys Enter
e2e_wait "第 1/"
e2e_keys C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n C-n
e2e_keys F4
shot review-80x24 80 24
e2e_keys M-i
e2e_wait "14 份"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
