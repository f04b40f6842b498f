#!/bin/sh
# Pastes as terminals without bracketed paste (PuTTY's default, old terminals) deliver them: a
# burst of text with line ends, all at once. It is a paste: CR LF is one line end (stored as
# \n), and a line end inside it never moves on to the next field. A bracketed paste with CR LF
# stores \n too, and invalid UTF-8 in a paste keeps the valid rest and says what was dropped.
. "$(dirname "$0")/lib.sh"
e2e_init paste_burst

# raw FILE: the file's bytes in one write, unbracketed (as keystrokes arriving at once)
raw() {
    tmux -S "$E2E_SOCK" load-buffer -b r "$1" || e2e_fail "load-buffer failed"
    tmux -S "$E2E_SOCK" paste-buffer -d -r -b r -t "$E2E_TARGET" || e2e_fail "paste failed"
}
printf '道路\r\n维修' > "$E2E_DIR/line.txt"
printf '第一段\r\n第二段\r\n\r\n第三段' > "$E2E_DIR/para.txt"
printf 'one\r\ntwo\r\n' > "$E2E_DIR/bracketed.txt"
printf '前\377后\r\n尾\376\375' > "$E2E_DIR/bad.txt"

e2e_start 80 24 --form=project p.json
e2e_wait "Section 1/7"
# a line field: the line end of the burst does not send the rest to the next field
raw "$E2E_DIR/line.txt"
e2e_wait_line '^[!? ] +Project' "维修"
e2e_wait "Section 1/7"
e2e_line_has '^[!? ] +Supervising' "维修" && e2e_fail "the burst went on into the next field"
# a paragraph, unbracketed: CR LF is one line end
e2e_keys C-n C-n C-n
e2e_wait "Section 4/7"
raw "$E2E_DIR/para.txt"
e2e_wait "第三段"
e2e_keys Escape
e2e_wait "Section 4/7"
# the next paragraph, bracketed, with CR LF
e2e_keys Tab
e2e_paste "$E2E_DIR/bracketed.txt"
e2e_wait "Editing: What was achieved"
e2e_keys Escape
e2e_wait "Section 4/7"
e2e_keys C-s
e2e_wait "Saved to"

# invalid UTF-8 inside a bracketed paste: the valid rest is kept, the drop is reported
e2e_keys C-p C-p C-p
e2e_wait "Section 1/7"
e2e_keys Tab
e2e_paste "$E2E_DIR/bad.txt"
e2e_wait "not UTF-8"
e2e_wait_line '^[!? ] +Supervising' "尾"
e2e_keys C-s
e2e_wait "Saved to"
e2e_keys F10
e2e_wait_exit >/dev/null

python3 - "$E2E_DIR/p.json" <<'PY' || e2e_fail "saved values differ"
import json, sys
v = json.load(open(sys.argv[1], encoding="utf-8"))["values"]
got = {
    "name": v["header"]["name"],
    "department": v["header"].get("department", ""),
    "expected": v["goals"]["expected"],
    "achieved": v["goals"]["achieved"],
}
ok = True
if "道路" not in got["name"] or "维修" not in got["name"]:
    ok = False
if got["expected"] != "第一段\n第二段\n\n第三段":
    ok = False
if got["achieved"] != "one\ntwo\n":
    ok = False
if got["department"].replace("\n", " ").replace(" ", "") != "前后尾":
    ok = False
if not ok:
    print(json.dumps(got, ensure_ascii=False), file=sys.stderr)
    sys.exit(1)
PY
e2e_finish
